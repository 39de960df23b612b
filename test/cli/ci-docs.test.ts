import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers/cli.js';
import { findAll, parseXml } from '../gate/xml-parser.js';

/**
 * Every `npx cyclekit …` command in docs/ci.md, run as written on a small data folder (one
 * HE-V export with its sidecar, a LICENSE and a PDF): the copy-paste CI examples must work.
 * Paths in the commands are redirected into a temporary project folder.
 */
const DOC = readFileSync(join(ROOT, 'docs', 'ci.md'), 'utf8');

/** The commands after `npx cyclekit`, in document order, each split as a POSIX shell would (quotes only). */
function documentedCommands(): string[][] {
  const out: string[][] = [];
  for (const block of DOC.matchAll(/```(?:sh|yaml)\n([\s\S]*?)```/g)) {
    for (const line of block[1]!.split('\n')) {
      const at = line.indexOf('npx cyclekit ');
      if (at < 0) continue;
      const tokens = [...line.slice(at + 'npx cyclekit '.length).replace(/\s+#.*$/, '').matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
      out.push(tokens);
    }
  }
  return out;
}

let project = '';
const files = (rel: string): string => join(project, rel);

beforeAll(() => {
  project = tempDir('cyclekit-ci-');
  mkdirSync(files('data'));
  mkdirSync(files('ci'));
  copyFileSync(join(ROOT, 'fixtures', 'he-v', 'he-v-0.2C.csv'), files('data/cell-01.csv'));
  copyFileSync(join(ROOT, 'fixtures', 'he-v', 'he-v-0.2C.csv.cell.yaml'), files('data/cell-01.csv.cell.yaml'));
  copyFileSync(join(ROOT, 'LICENSE'), files('data/LICENSE'));
  writeFileSync(files('data/notes.pdf'), Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(Array.from({ length: 400 }, (_, i) => (i * 53) % 256))]));
});

describe('docs/ci.md', () => {
  it('its commands run as written and the gate passes on data that meets the spec', async () => {
    const commands = documentedCommands();
    expect(commands.map((c) => `${c[0]} ${c[1]}`)).toEqual(['check init', 'check --spec', 'check --spec', 'summary -r', 'check --spec', 'summary -r']);
    const summaryFile = files('step-summary.md');
    for (const args of commands) {
      // Relative paths (data/, ci/, outputs) live in the project folder.
      const resolved = args.map((a) => (/^(data|ci)\//.test(a) || /^[\w-]+\.(xml|parquet|csv|xlsx|md)$/.test(a) ? files(a) : a));
      const r = cli(resolved, { env: { GITHUB_STEP_SUMMARY: summaryFile } });
      expect(r.code, `cyclekit ${args.join(' ')}\n${r.stderr}`).toBe(0);
      if (args.includes('--skip-unknown') && !args.includes('-q')) expect(r.stderr).toMatch(/LICENSE: skipped: .*\n.*notes\.pdf: skipped/);
      if (args.includes('github')) expect(r.stdout).toMatch(/check: 1 file · \d+ pass · 0 fail/);
    }
    // What each step left behind.
    expect(readFileSync(files('ci/spec.yaml'), 'utf8')).toMatch(/^# cyclekit check spec/);
    expect(readFileSync(summaryFile, 'utf8')).toMatch(/## cyclekit check: starter spec from "cell-01\.csv"\n\n\*\*1 file · \d+ pass · 0 fail/);
    const junit = parseXml(readFileSync(files('check.xml'), 'utf8'));
    expect(junit.attributes).toMatchObject({ failures: '0', errors: '0' });
    const suite = findAll(junit, 'testsuite')[0]!;
    expect(suite.attributes.file).toBe(files('data/cell-01.csv'));
    expect(suite.attributes.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(Number(suite.attributes.time)).toBeGreaterThan(0);
    const b = readFileSync(files('summary.parquet'));
    const rows = (await parquetReadObjects({ file: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer })) as { file: string; cycle: number }[];
    // fixtures/he-v/PROVENANCE.md: the 0.2C cycling export has 4 cycles.
    expect(rows.map((x) => x.cycle)).toEqual([1, 2, 3, 4]);
    const csv = readFileSync(files('summary.csv'), 'utf8').split('\n');
    expect(csv[0]!.split(';').slice(0, 3)).toEqual(['file', 'cycle', 'chargeCapacityMAh']);
    expect(csv[2]).toMatch(/;0,34;/);
    expect(existsSync(files('summary.xlsx'))).toBe(false);
  });
});
