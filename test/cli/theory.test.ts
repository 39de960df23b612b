import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

describe('cyclekit theory', () => {
  it('HE-V: 176.2 mAh/g, 456.3 g/mol, 12c site 0.96 R (JSON per CLI.md)', () => {
    const r = cli(['theory', '--formula', 'Na3.2V1.5Cr0.1Mn0.1Fe0.1Al0.1Mg0.1(PO4)3', '--electrons', '3', '--site', 'V:1.5,Cr:0.1,Mn:0.1,Fe:0.1,Al:0.1,Mg:0.1', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.command).toBe('theory');
    expect(doc.results).toHaveLength(1);
    const t = doc.results[0];
    expect(t.formula).toBe('Na3.2V1.5Cr0.1Mn0.1Fe0.1Al0.1Mg0.1(PO4)3');
    expect(t.electrons).toBe(3);
    expect(t.molarMassGMol.toFixed(1)).toBe('456.3');
    expect(t.theoreticalCapacityMAhG.toFixed(1)).toBe('176.2');
    expect(t.site.entropyR.toFixed(2)).toBe('0.96');
    expect(t.site.class).toBe('low');
  });

  it('NVP: 117.6 (2 e⁻), 176.4 (3 e⁻) in the table', () => {
    expect(cli(['theory', '--formula', 'Na3V2(PO4)3', '--electrons', '2']).stdout).toMatch(/theoretical capacity\s+117\.6 mAh g⁻¹/);
    const r = cli(['theory', '--formula', 'Na3V2(PO4)3', '--electrons', '3']);
    expect(r.stdout).toMatch(/176\.4 mAh g⁻¹/);
    expect(r.stdout).toMatch(/molar mass\s+455\.76 g mol⁻¹/);
  });

  const bad: [string[], RegExp][] = [
    [['--formula', 'Na3V2(PO4', '--electrons', '2'], /'\(' opened here is never closed.*position 6/],
    [['--formula', 'Xx3(PO4)3', '--electrons', '2'], /unknown element 'Xx' at position 1/],
    [['--formula', '', '--electrons', '2'], /formula is empty/],
    [['--formula', 'Na3V2)PO4(3', '--electrons', '2'], /'\)' has no matching opening bracket at position 6/],
    [['--formula', 'Na3V2(PO4)3', '--electrons', 'two'], /--electrons: expected a positive number/],
    [['--formula', 'Na3V2(PO4)3'], /needs --electrons/],
    [['--electrons', '2'], /needs --formula/],
    [['--formula', 'Na3V2(PO4)3', '--electrons', '2', '--site', 'V=2'], /--site: 'V=2' is not ELEMENT:AMOUNT/],
  ];
  for (const [args, pattern] of bad) {
    it(`one-line error, exit 2: ${args.join(' ')}`, () => {
      const r = cli(['theory', ...args]);
      expect(r.code).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^cyclekit: /);
      expect(lines[0]).toMatch(pattern);
      expect(r.stdout).toBe('');
    });
  }
});
