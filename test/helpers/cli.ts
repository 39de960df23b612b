import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

export const ROOT = resolve(import.meta.dirname, '..', '..');
/** The real exports the tests read, copied byte for byte into the repository (fixtures/real/MANIFEST.md). */
export const REAL = join(ROOT, 'fixtures', 'real');
export const BIN = join(ROOT, 'bin', 'cyclekit.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  input?: string | Buffer;
  env?: Record<string, string>;
  cwd?: string;
}

/**
 * Run cyclekit as a user would, colour off. The program runs in this test process through
 * `main(argv, ctx)` on a helper thread (test/helpers/cli-worker.mjs), so a call costs the
 * work and not a process launch. Standard input and another working directory need a real
 * process: those calls, and `spawnCli`, launch bin/cyclekit.js.
 */
export function cli(args: string[], options: CliOptions = {}): CliRun {
  if (options.input !== undefined || options.cwd !== undefined) return spawnCli(args, options);
  // The runner thread keeps the environment it started with: settings a test file makes in its
  // own process.env (CYCLEKIT_ISOLATE in the hostile suite) are handed over on every call.
  const forwarded = process.env.CYCLEKIT_ISOLATE !== undefined ? { CYCLEKIT_ISOLATE: process.env.CYCLEKIT_ISOLATE } : {};
  return inProcess().call(args, { NO_COLOR: '1', ...forwarded, ...options.env });
}

/** Launch bin/cyclekit.js as its own process: for tests where the process itself is the point. */
export function spawnCli(args: string[], options: CliOptions = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: options.input,
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Run the CLI in a process of its own and report that process's peak memory: for limits on
 * memory, where a test process shared with other test files would measure them too.
 */
export function cliMeasured(args: string[], options: CliOptions = {}): CliRun & { peakRssMB: number } {
  // A file, not `-e`: worker threads inherit the process's execArgv, and `--input-type` breaks them.
  const runner = join(ROOT, 'test', 'helpers', 'measured-main.mjs');
  const r = spawnSync(process.execPath, [runner, pathToFileURL(join(ROOT, 'dist', 'cli', 'main.js')).href, JSON.stringify(args)], {
    input: options.input,
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const m = /\n@@peak-rss-kb=(\d+)\n$/.exec(r.stderr);
  if (!m) throw new Error(`cyclekit ${args.join(' ')}: no memory figure (exit ${r.status}): ${r.stderr.slice(-500)}`);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.slice(0, m.index), peakRssMB: Number(m[1]) / 1024 };
}

interface Runner {
  call(args: string[], env: Record<string, string>): CliRun;
}

let runner: Runner | undefined;

function inProcess(): Runner {
  if (runner) return runner;
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('./cli-worker.mjs', import.meta.url), {
    workerData: { signal, port: port2, mainUrl: pathToFileURL(join(ROOT, 'dist', 'cli', 'main.js')).href },
    transferList: [port2 as unknown as MessagePort],
  });
  worker.unref();
  port1.unref();
  runner = {
    call(args, env) {
      Atomics.store(signal, 0, 0);
      port1.postMessage({ args, env });
      // A CLI run that never answers is a hang the test must see, not wait out forever.
      if (Atomics.wait(signal, 0, 0, 120_000) === 'timed-out') throw new Error(`cyclekit ${args.join(' ')}: no answer in 120 s`);
      const reply = receiveMessageOnPort(port1);
      if (!reply) throw new Error(`cyclekit ${args.join(' ')}: the runner thread answered nothing`);
      return reply.message as CliRun;
    },
  };
  return runner;
}

export function tempDir(prefix = 'cyclekit-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeTemp(name: string, content: string | Buffer, dir = tempDir()): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}
