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

/** Remove `path` (a file or a folder) if the process ends before `release()` is called. */
export function removeOnExit(path: string): () => void {
  pending.add(path);
  if (!installed) {
    installed = true;
    process.on('exit', removeAll);
    // Signals reach only the main thread; a worker's temporary files go with its process's.
    if (isMainThread) for (const s of SIGNALS) process.on(s, onSignal);
  }
  return () => {
    pending.delete(path);
  };
}
