import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, cliMeasured, REAL, ROOT, tempDir } from '../helpers/cli.js';
import { arbinRows, worksheet, xlsx } from './zip.js';
import { withWorkerIsolation } from './isolation.js';
import { mulberry32 } from '../../src/sim/random.js';

/**
 * Issue #17: a seeded mutation fuzzer over a fixture of every format. Each mutant must end
 * in a result or in one `cyclekit:` line with a known error code (exit 0 or 2), in one batch
 * whose time and memory stay bounded. The seed is fixed: a failure reproduces.
 */
// CYCLEKIT_FUZZ_SEED explores other mutants; the suite always runs the fixed one.
const SEED = Number(process.env.CYCLEKIT_FUZZ_SEED ?? 20251207);


/** A text fixture's first lines: the format is all there, and mutants stay quick to read. */
function head(path: string, lines = 400): Buffer {
  return Buffer.from(readFileSync(path, 'latin1').split('\n').slice(0, lines).join('\n'), 'latin1');
}

/** One fixture per format (MANIFEST.md), and how many mutants of it: fewer of the slow ones. */
function seeds(): { name: string; bytes: Buffer; mutants: number }[] {
  const r = (p: string): Buffer => readFileSync(join(REAL, p));
  return [
    { name: 'arbin.csv', bytes: r('arbin/sample_data_arbin.csv'), mutants: 20 },
    { name: 'arbin.res', bytes: r('arbin/20160805_test001_45_cc_01.res'), mutants: 3 },
    { name: 'arbin.xlsx', bytes: xlsx(worksheet(arbinRows())), mutants: 20 },
    { name: 'basytec.txt', bytes: head(join(REAL, 'basytec/sample_data_basytec.txt')), mutants: 16 },
    { name: 'batterydata-raw.csv', bytes: head(join(REAL, 'batterydata/p492-13-raw.csv')), mutants: 16 },
    { name: 'batterydata-summary.csv', bytes: head(join(REAL, 'batterydata/p492-13-summary.csv')), mutants: 8 },
    { name: 'bdf.csv', bytes: head(join(REAL, 'bdf/SINTEF__SLPBA842124HV__2024-10-23__Rate_25degC__Neware__Time_Bug.bdf.csv')), mutants: 16 },
    { name: 'biologic.mpr', bytes: r('biologic/mb.issue_95.mpr'), mutants: 20 },
    { name: 'biologic.mpt', bytes: r('biologic/Sample_data_biologic_no_header.mpt'), mutants: 16 },
    { name: 'cyclekit.csv', bytes: head(join(ROOT, 'fixtures/demo/cc-demo.csv')), mutants: 16 },
    { name: 'maccor.052', bytes: head(join(REAL, 'maccor/PredictionDiagnostics_000151_test.052')), mutants: 16 },
    { name: 'neware.nda', bytes: r('neware/new_nda_file.nda'), mutants: 18 },
    { name: 'neware.ndax', bytes: r('neware/scrubbed_ndc2.ndax'), mutants: 20 },
    { name: 'neware.xls', bytes: r('neware/custom_data_003.xls'), mutants: 2 },
    { name: 'neware.csv', bytes: head(join(REAL, 'neware/neware_uio.csv')), mutants: 16 },
    { name: 'novonix.csv', bytes: head(join(REAL, 'novonix/sample_data_novonix.csv')), mutants: 16 },
    { name: 'pec.csv', bytes: head(join(REAL, 'pec/pec.csv')), mutants: 16 },
  ];
}

/** One mutation of the kinds a damaged copy or a hostile edit makes. */
function mutate(bytes: Buffer, next: () => number): Buffer {
  const at = (): number => Math.floor(next() * bytes.length);
  const out = Buffer.from(bytes);
  switch (Math.floor(next() * 6)) {
    case 0: // scattered bit flips
      for (let k = 1 + Math.floor(next() * 16); k > 0; k--) out[at()] ^= 1 << Math.floor(next() * 8);
      return out;
    case 1: {
      // a 32-bit field set to an extreme (sizes, counts, page numbers, offsets)
      const p = Math.min(at(), out.length - 4);
      if (p >= 0) out.writeUInt32LE([0xffffffff, 0, 0x7fffffff, 0x80000000][Math.floor(next() * 4)]!, p);
      return out;
    }
    case 2: // cut short
      return out.subarray(0, at());
    case 3: {
      // bytes inserted
      const p = at();
      const junk = Buffer.from(Array.from({ length: 1 + Math.floor(next() * 64) }, () => Math.floor(next() * 256)));
      return Buffer.concat([out.subarray(0, p), junk, out.subarray(p)]);
    }
    case 4: {
      // a slice repeated
      const p = at();
      const q = Math.min(out.length, p + 1 + Math.floor(next() * 4096));
      return Buffer.concat([out.subarray(0, q), out.subarray(p, q), out.subarray(q)]);
    }
    default: {
      // text that breaks numbers and rows: delimiters, huge values, control characters
      const p = at();
      const piece = [',', ';', '\t', '"', '\n', '1e308', '-1e308', 'NaN', '\u001b[2J', '\r', '\u0000'][Math.floor(next() * 11)]!;
      return Buffer.concat([out.subarray(0, p), Buffer.from(piece, 'latin1'), out.subarray(p)]);
    }
  }
}

const CODES = new Set(['E_USAGE', 'E_IO', 'E_EMPTY', 'E_HEADER', 'E_FORMAT', 'E_VALUE', 'E_TRUNCATED', 'E_TIME', 'E_MASS', 'E_SPEC', 'E_VERSION', 'E_CORRUPT', 'E_LIMIT']);

interface Envelope {
  results: { file: string; error?: { code: string; message: string } }[];
}


withWorkerIsolation();

describe('seeded mutation fuzzing over every format', () => {
  const files: string[] = [];
  beforeAll(() => {
    const dir = tempDir('cyclekit-fuzz-');
    const next = mulberry32(SEED);
    for (const s of seeds()) {
      for (let k = 0; k < s.mutants; k++) {
        const path = join(dir, `${String(files.length).padStart(3, '0')}-${s.name}`);
        writeFileSync(path, mutate(s.bytes, next));
        files.push(path);
      }
    }
  });

  it('every mutant is a result or one line with a known code; exit 0 or 2; bounded time and memory', () => {
    expect(files.length).toBeGreaterThanOrEqual(250);
    const started = performance.now();
    // Its own process: the memory bound is that process's peak (the worker threads included).
    const r = cliMeasured(['summary', '--json', '-j', '1', ...files], { env: { CYCLEKIT_ISOLATE: 'on' } });
    const seconds = (performance.now() - started) / 1000;
    expect([0, 2]).toContain(r.code);
    const doc = JSON.parse(r.stdout) as Envelope;
    expect(doc.results.map((x) => x.file)).toEqual(files);
    const errors = doc.results.filter((x) => x.error !== undefined);
    for (const e of errors) {
      expect(CODES.has(e.error!.code), `${e.file}: ${e.error!.code}`).toBe(true);
      expect(e.error!.message, e.file).not.toMatch(/internal error/);
    }
    expect(r.code).toBe(errors.length > 0 ? 2 : 0);
    // Some mutants still read (a flipped digit), most do not: both paths are exercised.
    expect(errors.length).toBeGreaterThan(files.length / 4);
    expect(errors.length).toBeLessThan(files.length);
    const lines = r.stderr.trimEnd().split('\n');
    for (const l of lines) expect(l).toMatch(/^cyclekit: /);
    expect(lines.filter((l) => !l.includes(': warning: '))).toHaveLength(errors.length);
    expect(seconds).toBeLessThan(30);
    expect(r.peakRssMB).toBeLessThan(500);
  });
});

/**
 * Every reader forced on files that are not its own. Containers (which start a worker thread
 * per run) are left to the mutants above, which already reach every reader through detection.
 */
describe('every --format forced on files of other kinds', () => {
  it('ends in a result or one line with a known code, never an internal error', () => {
    const dir = tempDir('cyclekit-forced-');
    const originals = [
      ['cc.csv', head(join(ROOT, 'fixtures/demo/cc-demo.csv'), 200)],
      ['mb.mpr', readFileSync(join(REAL, 'biologic/mb.issue_95.mpr'))],
      ['new.nda', readFileSync(join(REAL, 'neware/new_nda_file.nda'))],
      ['basytec.txt', head(join(REAL, 'basytec/sample_data_basytec.txt'), 200)],
    ] as const;
    const paths = originals.map(([name, bytes]) => {
      writeFileSync(join(dir, name), bytes);
      return join(dir, name);
    });
    const ids = /--format: unknown format 'x'; known: (.*)$/m.exec(cli(['summary', '--format', 'x', paths[0]!]).stderr)![1]!.split(', ');
    expect(ids.length).toBeGreaterThanOrEqual(20);
    for (const id of ids) {
      const r = cli(['summary', '--json', '-j', '1', '--format', id, ...paths]);
      expect([0, 2], id).toContain(r.code);
      for (const x of (JSON.parse(r.stdout) as Envelope).results) {
        if (!x.error) continue;
        expect(CODES.has(x.error.code), `${id} on ${x.file}`).toBe(true);
        expect(x.error.message, `${id} on ${x.file}`).not.toMatch(/internal error/);
      }
      for (const l of r.stderr.trimEnd().split('\n').filter((line) => line.length > 0)) expect(l, id).toMatch(/^cyclekit: /);
    }
  });
});
