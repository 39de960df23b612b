import { describe, expect, it } from 'vitest';
import { siteEntropy } from '../../src/analysis/entropy.js';
import { molarMass, parseFormula } from '../../src/analysis/formula.js';
import { theory } from '../../src/analysis/theory.js';

describe('theory: the paper\'s numbers', () => {
  it('HE-V, 3 e⁻: M ≈ 456.3 g/mol, 176.2 mAh/g, 12c site ≈ 0.96 R', () => {
    const r = theory('Na3.2V1.5Cr0.1Mn0.1Fe0.1Al0.1Mg0.1(PO4)3', 3, 'V:1.5,Cr:0.1,Mn:0.1,Fe:0.1,Al:0.1,Mg:0.1');
    expect(r.molarMassGMol).toBeCloseTo(456.3, 1);
    expect(r.theoreticalCapacityMAhG.toFixed(1)).toBe('176.2');
    expect(r.site!.entropyR).toBeCloseTo(0.9647, 3);
    expect(r.site!.class).toBe('low');
  });
  it('NVP: M ≈ 455.8 g/mol, 117.6 (2 e⁻) and 176.4 (3 e⁻)', () => {
    expect(theory('Na3V2(PO4)3', 2).molarMassGMol).toBeCloseTo(455.76, 2);
    expect(theory('Na3V2(PO4)3', 2).theoreticalCapacityMAhG.toFixed(1)).toBe('117.6');
    expect(theory('Na3V2(PO4)3', 3).theoreticalCapacityMAhG.toFixed(1)).toBe('176.4');
  });
  it('site amounts default to the formula\'s', () => {
    expect(theory('Na3.2V1.5Cr0.1Mn0.1Fe0.1Al0.1Mg0.1(PO4)3', 3, 'V,Cr,Mn,Fe,Al,Mg').site!.entropyR).toBeCloseTo(0.9647, 3);
  });
});

describe('formula parser', () => {
  const comp = (f: string): Record<string, number> => Object.fromEntries(parseFormula(f).elements);
  it('nested brackets, decimals, hydrates, subscripts, charges', () => {
    expect(comp('K4[Fe(CN)6]')).toEqual({ K: 4, Fe: 1, C: 6, N: 6 });
    expect(comp('CuSO4·5H2O')).toEqual({ Cu: 1, S: 1, O: 9, H: 10 });
    expect(comp('CuSO4*5H2O')).toEqual(comp('CuSO4·5H2O'));
    expect(comp('Li1.2Ni0.13Mn0.54Co0.13O2')).toEqual({ Li: 1.2, Ni: 0.13, Mn: 0.54, Co: 0.13, O: 2 });
    expect(comp('Na₃V₂(PO₄)₃')).toEqual(comp('Na3V2(PO4)3'));
    expect(parseFormula('PO4^3-').charge).toBe(-3);
    expect(molarMass(parseFormula('H2O'))).toBeCloseTo(18.015, 3);
  });
  it('malformed formulas name the position', () => {
    expect(() => parseFormula('Na3V2(PO4')).toThrow(/'\(' opened here is never closed.*position 6/);
    expect(() => parseFormula('Xx2O')).toThrow(/unknown element 'Xx' at position 1/);
    expect(() => parseFormula('')).toThrow(/empty/);
    expect(() => parseFormula('NaV)2')).toThrow(/'\)' has no matching opening bracket at position 4/);
    expect(() => parseFormula('Na3V2(PO4]3')).toThrow(/position 10/);
    expect(() => parseFormula('Na()')).toThrow(/empty '\(\)'/);
    expect(() => parseFormula('naCl')).toThrow(/capital letter\) at position 1/);
    expect(() => parseFormula('Na0Cl')).toThrow(/must be positive at position 3/);
    expect(() => parseFormula('CuSO4.5H2O')).toThrow(/hydrate written with '\.'/);
    expect(() => parseFormula('NaCl·')).toThrow(/nothing after/);
    expect(() => parseFormula('Na$Cl')).toThrow(/unexpected character '\$' at position 3/);
  });
});

describe('siteEntropy', () => {
  it('equimolar n-component site: ln n, and the class thresholds', () => {
    expect(siteEntropy([{ element: 'A', amount: 1 }]).entropyR).toBe(0);
    expect(siteEntropy([{ element: 'A', amount: 1 }, { element: 'B', amount: 1 }, { element: 'C', amount: 1 }]).entropyR).toBeCloseTo(Math.log(3), 12);
    expect(siteEntropy([{ element: 'A', amount: 1 }, { element: 'B', amount: 1 }, { element: 'C', amount: 1 }]).class).toBe('medium');
    expect(siteEntropy(['A', 'B', 'C', 'D', 'E'].map((element) => ({ element, amount: 0.2 }))).class).toBe('high');
  });
});
