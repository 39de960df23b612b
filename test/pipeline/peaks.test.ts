import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';

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
    expect(labelsOf([]).every((label) => label.startsWith('≈'))).toBe(true);
    expect(labelsOf(['--reference', 'he-v']).some((label) => !label.startsWith('≈'))).toBe(true);
  });
});
