import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, REAL, ROOT, tempDir } from '../helpers/cli.js';

/**
 * A project that depends on cyclekit the way a lab script would: `node_modules/cyclekit` links
 * to this repository's built package (as `npm install ../cyclekit` or `npm link` does), and the
 * script imports it by name. Nothing resolves cyclekit by path, so a missing `exports` entry
 * or type declaration fails here.
 */
const FIXTURE = join(REAL, 'neware', 'neware_uio.csv');
let consumer = '';

function run(args: string[], cwd = consumer): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  consumer = tempDir('cyclekit-consumer-');
  mkdirSync(join(consumer, 'node_modules', '@types'), { recursive: true });
  symlinkSync(ROOT, join(consumer, 'node_modules', 'cyclekit'), 'dir');
  symlinkSync(join(ROOT, 'node_modules', '@types', 'node'), join(consumer, 'node_modules', '@types', 'node'), 'dir');
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'lab-scripts', private: true, type: 'module', dependencies: { cyclekit: 'file:../cyclekit' } }));
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: ['node'] }, include: ['*.ts'] }),
  );
});

describe('cyclekit imported by name from another project', () => {
  it('node -e "import(\'cyclekit\')" summarises a fixture with the numbers the CLI prints', () => {
    const script = `import('cyclekit').then(async (m) => { const s = await m.summariseFile(${JSON.stringify(FIXTURE)}); console.log(JSON.stringify({ version: m.VERSION, format: s.dataset.header.format, cycles: s.cycles })); })`;
    const r = run(['-e', script]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout) as { version: string; format: string; cycles: { cycle: number; chargeCapacityMAh: number }[] };
    expect(got.format).toBe('neware-csv');
    expect(got.cycles.map((c) => c.cycle)).toEqual([1, 2, 3, 4]);
    // MANIFEST (DERIVED, expected/neware_uio.csv.derived_cycles.csv): cycle 1 max Chg. Cap. 0.00424934 Ah.
    expect(got.cycles[0]!.chargeCapacityMAh).toBeCloseTo(4.24934, 9);
    // The same code as `cyclekit summary`: the per-cycle objects are identical.
    const viaCli = JSON.parse(cli(['summary', FIXTURE, '--json']).stdout) as { cyclekit: string; results: { cycles: unknown[] }[] };
    expect(got.version).toBe(viaCli.cyclekit);
    expect(got.cycles).toEqual(viaCli.results[0]!.cycles);
  });

  it('runs every analysis through the package API', () => {
    const script = `
      import { loadFile, summarise, windows, dqdv, retention, rate, energy, theory, check, parseSpec, formats, CyclekitError } from 'cyclekit';
      const d = await loadFile(${JSON.stringify(FIXTURE)});
      const s = summarise(d);
      const w = windows(d, [0.2, 0.5]);
      const q = dqdv(d, { cycles: [2] });
      const r = retention(s.cycles, { referenceCycle: 1 });
      const g = rate(s.cycles);
      const e = energy(s.cycles, { cathodeMassG: d.massG });
      const t = theory('Na3V2(PO4)3', 2);
      const c = check(s, parseSpec('rules:\\n  - metric: chargeCapacityMAh\\n    cycles: 1\\n    min: 4\\n    max: 4.3\\n'));
      let refused = '';
      try { await loadFile('no-such-file.csv'); } catch (err) { refused = err instanceof CyclekitError ? err.code : 'other'; }
      console.log(JSON.stringify({ windows: w.length, halfCycles: q.halfCycles.map((h) => h.direction), retention2: r.cycles[1].retention, dis1: s.cycles[0].dischargeCapacityMAh, dis2: s.cycles[1].dischargeCapacityMAh, groups: g.groups.length, energy: e.cycles.length, capacity: t.theoreticalCapacityMAhG, check: c.status, refused, formats: formats() }));
    `;
    writeFileSync(join(consumer, 'all.mjs'), script);
    const r = run(['all.mjs']);
    expect(r.stderr).toBe('');
    const got = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(got.windows).toBe(4);
    expect(got.halfCycles).toEqual(['charge', 'discharge']);
    // Retention of cycle 2 against cycle 1 is the ratio of the summary's discharge capacities.
    expect(got.retention2).toBe((got.dis2 as number) / (got.dis1 as number));
    expect(got.energy).toBe(4);
    // n·F/(3.6·M) for Na3V2(PO4)3 (M = 455.8 g/mol), 2 e⁻: 117.6 mAh/g.
    expect(got.capacity).toBeCloseTo(117.6, 1);
    expect(got.check).toBe('pass');
    expect(got.refused).toBe('E_IO');
    expect(got.formats).toEqual(expect.arrayContaining(['neware-csv', 'neware-ndax', 'biologic-mpr', 'bdf', 'generic-csv']));
  });

  it('its type declarations compile in a strict consumer (docs/api.md\'s example too), and a wrong use does not', () => {
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    writeFileSync(
      join(consumer, 'good.ts'),
      `import { summariseFile, type CycleSummary, type SummaryResult } from 'cyclekit';
const s: SummaryResult = await summariseFile('x.csv', { mass: '2.1mg', ce: 'auto' });
const first: CycleSummary | undefined = s.cycles[0];
const mAh: number | null = first?.dischargeCapacityMAh ?? null;
export { mAh };
`,
    );
    // The worked example of docs/api.md compiles as written (fixture paths made absolute).
    const example = /```ts\n([\s\S]*?)```/.exec(readFileSync(join(ROOT, 'docs', 'api.md'), 'utf8'))![1]!;
    writeFileSync(join(consumer, 'docs-example.ts'), example.replace(/'fixtures\//g, `'${ROOT}/fixtures/`));
    // The declarations are real types, not `any`: a capacity is not a string. One compiler run
    // checks every file; the only error must be the one in bad.ts.
    writeFileSync(join(consumer, 'bad.ts'), `import { summariseFile } from 'cyclekit';\nconst s = await summariseFile('x.csv');\nexport const wrong: string = s.cycles[0]!.chargeCapacityMAh;\n`);
    const r = run([tsc, '-p', 'tsconfig.json']);
    const errors = (r.stdout + r.stderr).split('\n').filter((l) => /error TS/.test(l));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^bad\.ts\(3,14\): error TS2322/);
  });
});
