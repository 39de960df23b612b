import { appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findOutput, OutputRecording, outputRequest, type OutputRequest, type TerminalState } from '../../src/cache/outputs.js';
import { runFromShell } from '../../src/cli/entry.js';
import { CacheStore } from '../../src/cache/store.js';
import { isCyclekitError } from '../../src/model/errors.js';
import { main } from '../../src/cli/main.js';
import type { RunContext } from '../../src/cli/context.js';
import { ROOT, tempDir } from '../helpers/cli.js';

const PIPE: TerminalState = { stdoutIsTTY: false, stdoutColumns: null, stderrIsTTY: false };
const HE_V = join(ROOT, 'fixtures', 'he-v', 'he-v-0.2C.csv');
const NOTHING_ACCESSED = { reads: new Set<string>(), writes: 0, partlyUnseen: false };

/** A folder holding a copy of the HE-V 0.2C test (no sidecar), and a cache folder of its own. */
function setUp(): { data: string; file: string; env: NodeJS.ProcessEnv } {
  const data = tempDir('cyclekit-outputs-data-');
  const file = join(data, 'cell.csv');
  copyFileSync(HE_V, file);
  return { data, file, env: { CYCLEKIT_CACHE_DIR: tempDir('cyclekit-outputs-cache-'), NO_COLOR: '1' } };
}

const request = (args: string[], env: NodeJS.ProcessEnv, terminal = PIPE, cwd = ROOT): OutputRequest | null => outputRequest(args, env, terminal, cwd);
const keyOf = (args: string[], env: NodeJS.ProcessEnv, terminal = PIPE, cwd = ROOT): string | undefined => request(args, env, terminal, cwd)?.keyJson;
const outEntries = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.out')) : []);

describe('output cache: which runs it answers', () => {
  it('refuses runs that are not a printed answer about named, regular files', () => {
    const { data, file, env } = setUp();
    expect(request(['summary', '--json', file], env)).not.toBeNull();
    expect(request(['plot', file], env)).toBeNull(); // writes a figure
    expect(request(['check', '--spec', file, file], env)).toBeNull(); // JUnit reports say when they ran
    expect(request(['convert', '--to', 'bdf', file], env)).toBeNull();
    expect(request(['summary', '-'], env)).toBeNull(); // standard input
    expect(request(['summary', '--json'], env)).toBeNull(); // no file named
    expect(request(['summary', '-r', data], env)).toBeNull(); // a folder
    expect(request(['summary', file, '--no-cache'], env)).toBeNull();
    expect(request(['summary', file, '--debug'], env)).toBeNull();
    expect(request(['summary', file], { ...env, CYCLEKIT_OUTPUT_CACHE: 'off' })).toBeNull();
    expect(request(['summary', file], { ...env, CYCLEKIT_CACHE: 'off' })).toBeNull();
  });

  it('keys on the file, its folder, the environment, the terminal and the working directory', () => {
    const { data, file, env } = setUp();
    const args = ['summary', file];
    const key = keyOf(args, env);
    expect(keyOf(args, env)).toBe(key);
    expect(keyOf(['summary', '--json', file], env)).not.toBe(key);
    expect(keyOf(args, { ...env, COLUMNS: '120' })).not.toBe(key);
    expect(keyOf(args, { ...env, OLDPWD: '/elsewhere', SHLVL: '9' })).toBe(key); // shell bookkeeping only
    expect(keyOf(args, env, { ...PIPE, stdoutIsTTY: true, stdoutColumns: 80 })).not.toBe(key);
    expect(keyOf(args, env, PIPE, data)).not.toBe(key);
    // A value given as --flag=FILE is a file too.
    writeFileSync(join(data, 'ref.json'), '{}\n');
    const refKey = keyOf(['compare', `--reference=${join(data, 'ref.json')}`, file], env);
    writeFileSync(join(data, 'ref.json'), '{ }\n');
    expect(keyOf(['compare', `--reference=${join(data, 'ref.json')}`, file], env)).not.toBe(refKey);
    // The folder: a sidecar that appears next to the file.
    const before = keyOf(args, env);
    writeFileSync(join(data, 'cell.csv.cell.yaml'), 'massMg: 2.0\n');
    expect(keyOf(args, env)).not.toBe(before);
    // The file itself: one byte more, and an edit that keeps size and mtime (its edges are hashed).
    const sized = keyOf(args, env);
    appendFileSync(file, '\n');
    expect(keyOf(args, env)).not.toBe(sized);
    const edited = keyOf(args, env);
    const { atime, mtime } = statSync(file);
    const text = readFileSync(file);
    text[text.length - 3] = text[text.length - 3] === 0x31 ? 0x32 : 0x31;
    writeFileSync(file, text);
    utimesSync(file, atime, mtime);
    expect(keyOf(args, env)).not.toBe(edited);
  });
});

describe('output cache: an entry', () => {
  function record(req: OutputRequest, steps: [('out' | 'err'), string][], code = 0, access = NOTHING_ACCESSED, keyAfter: string | null = req.keyJson): void {
    const rec = new OutputRecording(req);
    for (const [stream, text] of steps) stream === 'out' ? rec.stdout(text) : rec.stderrText(text);
    rec.finish(code, access, keyAfter);
  }

  async function replay(req: OutputRequest): Promise<{ code: number; events: string[] } | undefined> {
    const found = findOutput(req);
    if (found === undefined) return undefined;
    const events: string[] = [];
    await found.play((bytes) => events.push(`out:${Buffer.from(bytes).toString('utf8')}`), (text) => events.push(`err:${text}`));
    return { code: found.exitCode, events };
  }

  it('replays stdout and stderr in the order they came (progress lines left out), and the exit code', async () => {
    const { file, env } = setUp();
    const req = request(['summary', file], env)!;
    record(req, [['err', 'first warning\n'], ['out', 'Ω table\n'], ['err', '\r\x1b[Kprogress 50 %'], ['out', 'row 2\n'], ['err', 'rule failed\n']], 1);
    expect(await replay(req)).toEqual({ code: 1, events: ['err:first warning\n', 'out:Ω table\nrow 2\n', 'err:rule failed\n'] });
  });

  it('keeps stdout written as text and as bytes as one stream, a character split across two byte pieces whole', async () => {
    const { file, env } = setUp();
    const req = request(['summary', file], env)!;
    const rec = new OutputRecording(req);
    const omega = Buffer.from('Ω', 'utf8');
    rec.stdout('a ');
    rec.stdoutEncoded(omega.subarray(0, 1));
    rec.stdoutEncoded(omega.subarray(1));
    rec.stdout(' b\n');
    rec.finish(0, NOTHING_ACCESSED, req.keyJson);
    expect((await replay(req))?.events).toEqual(['out:a Ω b\n']);
    // One cache: `cache info` counts the output among its entries, `cache clear` removes it.
    const store = new CacheStore(req.settings);
    expect([store.info().entries, store.info().outputs]).toEqual([1, 1]);
    expect(store.clear()).toBe(1);
    expect(await replay(req)).toBeUndefined();
  });

  it('an entry cut short between its check and its printing fails with one E_IO error, not a stack trace', async () => {
    const { file, env } = setUp();
    const req = request(['summary', file], env)!;
    record(req, [['out', 'x'.repeat(3 << 20)]]);
    const found = findOutput(req)!;
    writeFileSync(join(env.CYCLEKIT_CACHE_DIR!, outEntries(env.CYCLEKIT_CACHE_DIR!)[0]!), 'x'.repeat(1 << 20));
    const failure = await found.play(() => undefined, () => undefined).then(() => null, (err: unknown) => err);
    expect(isCyclekitError(failure) && failure.code).toBe('E_IO');
  });

  it('is not kept for a run that wrote a file, ran unseen, failed to read, or whose input changed meanwhile', async () => {
    const { file, env } = setUp();
    const req = request(['summary', file], env)!;
    record(req, [['out', 'x\n']], 0, { ...NOTHING_ACCESSED, writes: 1 });
    record(req, [['out', 'x\n']], 0, { ...NOTHING_ACCESSED, partlyUnseen: true });
    record(req, [['out', 'x\n']], 2);
    record(req, [['out', 'x\n']], 0, NOTHING_ACCESSED, 'another key');
    expect(outEntries(env.CYCLEKIT_CACHE_DIR!)).toEqual([]);
    expect(readdirSync(env.CYCLEKIT_CACHE_DIR!)).toEqual([]); // no temporary file left either
  });

  it('is dropped when damaged or when a side file it read has changed', async () => {
    const { data, file, env } = setUp();
    const req = request(['summary', file], env)!;
    record(req, [['out', 'capacity 170 mAh/g\n']]);
    const [name] = outEntries(env.CYCLEKIT_CACHE_DIR!);
    const path = join(env.CYCLEKIT_CACHE_DIR!, name!);
    const bytes = readFileSync(path);
    bytes[9] ^= 0x01; // '170' → '160'-like damage inside stdout
    writeFileSync(path, bytes);
    expect(await replay(req)).toBeUndefined();
    expect(existsSync(path)).toBe(false);

    // The trailer too: an exit code 0 that reads 1 is not replayed as 1.
    record(req, [['out', 'capacity 170 mAh/g\n']]);
    const entry = readFileSync(path);
    const at = entry.indexOf('"exitCode":0');
    expect(at).toBeGreaterThan(0);
    entry[at + '"exitCode":'.length] = 0x31;
    writeFileSync(path, entry);
    expect(await replay(req)).toBeUndefined();

    const elsewhere = tempDir('cyclekit-outputs-side-');
    const reference = join(elsewhere, 'ref.json');
    writeFileSync(reference, '{"a":1}');
    record(req, [['out', 'compared\n']], 0, { ...NOTHING_ACCESSED, reads: new Set([reference, join(data, 'absent.yaml')]) });
    expect((await replay(req))?.events).toEqual(['out:compared\n']);
    writeFileSync(reference, '{"a":2}');
    expect(await replay(req)).toBeUndefined();
  });
});

describe('output cache: through the shell entry point', () => {
  function capture(): { ctx: RunContext; out: () => string; err: () => string } {
    let out = '';
    let err = '';
    return { ctx: { stdout: (t) => void (out += t), stderr: (t) => void (err += t), debug: false }, out: () => out, err: () => err };
  }

  async function withEnv<T>(env: NodeJS.ProcessEnv, run: () => Promise<T>): Promise<T> {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      return await run();
    } finally {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
    }
  }

  it('a second run prints the first run’s bytes without running the command; a new sidecar runs it again', async () => {
    const { data, file, env } = setUp();
    const argv = ['node', 'cyclekit', 'summary', '--json', file];
    const shell = async (): Promise<{ code: number; out: string; err: string }> => {
      const c = capture();
      const code = await withEnv(env, () => runFromShell(argv, c.ctx, PIPE));
      return { code, out: c.out(), err: c.err() };
    };
    const direct = async (): Promise<string> => {
      const c = capture();
      await withEnv({ ...env, CYCLEKIT_CACHE: 'off' }, () => main(argv, c.ctx));
      return c.out();
    };
    const first = await shell();
    expect(first.code).toBe(0);
    expect(first.out).toBe(await direct());
    expect(outEntries(env.CYCLEKIT_CACHE_DIR!)).toHaveLength(1);
    // Without its parsed-data entry, a run of the command would write one again: a replay does not.
    const cacheDir = env.CYCLEKIT_CACHE_DIR!;
    for (const name of readdirSync(cacheDir).filter((n) => n.endsWith('.bin'))) writeFileSync(join(cacheDir, name), 'damaged');
    const second = await shell();
    expect(second).toEqual(first);
    expect(readdirSync(cacheDir).filter((n) => n.endsWith('.bin')).map((n) => readFileSync(join(cacheDir, n), 'utf8'))).toEqual(['damaged']);

    writeFileSync(join(data, 'cell.csv.cell.yaml'), 'massMg: 2.0\n');
    const third = await shell();
    expect(third.out).not.toBe(first.out);
    expect(third.out).toBe(await direct());
    expect(JSON.parse(third.out).results[0].massG).toBeCloseTo(0.002, 9);
  });

  it('a run that writes its output to a file is run every time', async () => {
    const { data, file, env } = setUp();
    mkdirSync(join(data, 'out'));
    const target = join(data, 'out', 'summary.json');
    for (let i = 0; i < 2; i++) {
      const c = capture();
      expect(await withEnv(env, () => runFromShell(['node', 'cyclekit', 'summary', '--json', '-o', target, file], c.ctx, PIPE))).toBe(0);
    }
    expect(outEntries(env.CYCLEKIT_CACHE_DIR!)).toEqual([]);
    expect(JSON.parse(readFileSync(target, 'utf8')).results).toHaveLength(1);
  });
});
