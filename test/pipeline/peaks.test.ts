import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers/cli.js';

/**
 * Reference potentials are vs the metal, a full cell's peaks at cathode − anode: the sidecar's
 * reference labels a half cell's couples only, in peaks as in report and plot.
 */
describe('peaks on a full cell', () => {
  it("cell.yaml's he-v reference does not label a full cell's couples; --reference still does", () => {
    const file = join(tempDir(), 'full.csv');
    // The simulated HC‖HE-V cell writes cellType: full and reference: he-v into its cell.yaml.
    expect(cli(['simulate', '--material', 'hc-he-v', '--cycles', '3', '-o', file]).code).toBe(0);
    const labelsOf = (args: string[]): string[] => (JSON.parse(cli(['peaks', file, '--json', '-q', ...args]).stdout) as { results: { couples: { label: string }[] }[] }).results[0]!.couples.map((c) => c.label);
    const unlabelled = labelsOf([]);
    expect(unlabelled.length).toBeGreaterThan(0);
    expect(unlabelled.every((label) => label.startsWith('≈'))).toBe(true);
    expect(labelsOf(['--reference', 'he-v']).some((label) => !label.startsWith('≈'))).toBe(true);
  });
});

describe('the sidecar couple table and --cell-type full (pipeline/dqdv.ts sidecarCoupleTable)', () => {
  it('--cell-type full keeps the sidecar he-v potentials off both the peaks and the plotted figure', () => {
    // HC‖HE-V with a cell.yaml that names the reference but not the cell type: the data alone read as half-cathode.
    const dir = tempDir();
    const file = join(dir, 'full.csv');
    copyFileSync(join(ROOT, 'fixtures', 'he-v', 'hc-he-v-full-0.2C.csv'), file);
    writeFileSync(`${file}.cell.yaml`, 'massMg: 2\nreference: he-v\n');
    const labelsOf = (args: string[]): string[] => (JSON.parse(cli(['peaks', file, '--json', '-q', ...args]).stdout) as { results: { couples: { label: string }[] }[] }).results[0]!.couples.map((c) => c.label);
    expect(labelsOf([]).some((label) => !label.startsWith('≈'))).toBe(true);
    const asFull = labelsOf(['--cell-type', 'full']);
    expect(asFull.length).toBeGreaterThan(0);
    expect(asFull.every((label) => label.startsWith('≈'))).toBe(true);
    const figure = (args: string[]): string => {
      const out = join(dir, `dqdv-${args.length}.svg`);
      expect(cli(['plot', 'dqdv', file, '-q', '-o', out, ...args]).code).toBe(0);
      return readFileSync(out, 'utf8');
    };
    expect(figure([])).toContain('V³⁺/V²⁺');
    expect(figure(['--cell-type', 'full'])).not.toContain('V³⁺/V²⁺');
  });
});
