/**
 * Worker-thread entry for folding a large file's pieces: it opens the file as the main thread
 * did, then takes pieces off the shared queue and posts each piece's steps back. Any failure
 * is posted as 'failed', and the main thread reads the file in one pass instead.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openRecords } from '../ingest/open.js';
import { foldClaimed, type FoldReply, type FoldTask } from './fold-parallel.js';

if (!parentPort) throw new Error('cyclekit fold worker started outside a worker thread');
const port = parentPort;
const task = workerData as FoldTask;

async function run(): Promise<FoldReply> {
  const stream = await openRecords(task.path, task.openOptions);
  const reader = stream.pieces;
  // The same bytes must give the same layout; a file changed under us is read again in one pass.
  if (!reader || reader.sizeBytes !== task.sizeBytes || reader.dataStartByte !== task.dataStartByte) return { kind: 'failed', message: 'the file changed while it was read' };
  await foldClaimed(reader, task.pieces, new Int32Array(task.next), task.foldOptions, (index, fold) => {
    port.postMessage({ kind: 'piece', index, fold } satisfies FoldReply);
  });
  return { kind: 'done' };
}

run().then(
  (reply) => port.postMessage(reply),
  (err: unknown) => port.postMessage({ kind: 'failed', message: err instanceof Error ? err.message : String(err) } satisfies FoldReply),
);
