/**
 * Worker-thread entry: runs one command's per-file work for each task it is sent and posts
 * back the result, or the error as plain fields (a CyclekitError loses its class when cloned).
 * Errors are turned into CyclekitErrors exactly as the in-process path does, so the rendered
 * lines are identical whatever --jobs is.
 */
import { parentPort } from 'node:worker_threads';
import { asCyclekitError } from './run.js';
import { workFor } from './work-registry.js';
import type { TaskMessage, WorkerReply } from './pool.js';

const port = parentPort;
if (!port) throw new Error('cyclekit worker started outside a worker thread');

port.on('message', (task: TaskMessage) => {
  void handle(task).then((reply) => {
    try {
      port.postMessage(reply);
    } catch {
      // The result holds something structured clone cannot copy: let the main thread redo this file.
      port.postMessage({ id: task.id, kind: 'uncloneable' } satisfies WorkerReply);
    }
  });
});

async function handle(task: TaskMessage): Promise<WorkerReply> {
  const prepare = workFor(task.command);
  if (!prepare) return { id: task.id, kind: 'uncloneable' };
  try {
    const result = await (await prepare(task.flags))(task.file);
    return { id: task.id, kind: 'result', result };
  } catch (err) {
    const stack = task.debug && err instanceof Error ? err.stack : undefined;
    const e = asCyclekitError(err, task.file);
    return {
      id: task.id,
      kind: 'error',
      error: { code: e.code, message: e.message, file: e.file, line: e.line, column: e.column },
      ...(stack !== undefined ? { stack } : {}),
    };
  }
}
