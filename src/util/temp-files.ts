import { rmSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

/**
 * Temporary files (an output being written, the copy of standard input) must not outlive the
 * process, however it ends. 'exit' listeners do not run when a signal kills the process, so
 * SIGINT, SIGTERM and SIGHUP get a listener that removes them and then re-raises the signal:
 * the process still dies of it, with the exit status a shell or CI runner expects.
 */
const pending = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let installed = false;

function removeAll(): void {
  for (const path of pending) {
    try {
      rmSync(path, { recursive: true, force: true });
    } catch {
      // Best effort: the process is ending.
    }
  }
  pending.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeAll();
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  process.kill(process.pid, signal);
}

/**
 * Listen for exit and the signals. Call it before creating a temporary file whose name is not
 * known in advance (mkdtemp): a signal that arrives before the name is registered is then
 * held until it is, instead of killing the process with the file left behind.
 */
export function guardTemporaryFiles(): void {
  if (installed) return;
  installed = true;
  process.on('exit', removeAll);
  // Signals reach only the main thread; a worker's temporary files go with its process's.
  if (isMainThread) for (const s of SIGNALS) process.on(s, onSignal);
}

/** Remove `path` (a file or a folder) if the process ends before `release()` is called; register it before creating it. */
export function removeOnExit(path: string): () => void {
  guardTemporaryFiles();
  pending.add(path);
  return () => {
    pending.delete(path);
  };
}
