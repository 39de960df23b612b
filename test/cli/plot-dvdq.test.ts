import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers/cli.js';

/** plot dvdq draws what `cyclekit dvdq` computes: the same points, every one in --data. */
describe('plot dvdq', () => {
  const file = join(ROOT, 'fixtures', 'he-v', 'he-v-0.2C.csv');

  it('HE-V 0.2C cycle 2: axes with units, and the series behind it equal dvdq --csv', () => {
    const dir = tempDir('cyclekit-plot-dvdq-');
    const svg = join(dir, 'dvdq.svg');
    const data = join(dir, 'dvdq.csv');
    const r = cli(['plot', 'dvdq', file, '--cycle', '2', '-q', '-o', svg, '--data', data]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const text = readFileSync(svg, 'utf8');
    expect(text.startsWith('<svg')).toBe(true);
    for (const title of ['capacity passed in the half cycle (mAh)', 'dV/dQ (V mAh⁻¹)', 'Differential voltage']) expect(text).toContain(title);
    const rows = (csv: string): number[][] =>
      csv
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',').slice(1))
        .map(([cycle, direction, q, v, d]) => [Number(cycle), direction === 'charge' ? 1 : -1, Number(q), Number(v), Number(d)]);
    const plotted = rows(readFileSync(data, 'utf8'));
    const computed = rows(cli(['dvdq', '--csv', '-q', '--cycle', '2', file]).stdout);
    expect(plotted).toHaveLength(1000); // 500 grid points a half cycle, charge and discharge
    expect(plotted).toHaveLength(computed.length);
    for (const [k, row] of plotted.entries()) {
      for (const [j, value] of row.entries()) {
        const want = computed[k]![j]!;
        expect(Math.abs(value - want), `row ${k} column ${j}`).toBeLessThanOrEqual(Math.max(1e-6 * Math.abs(want), 1e-9));
      }
    }
  });
});
