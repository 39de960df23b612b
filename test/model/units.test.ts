import { describe, expect, it } from 'vitest';
import { massInFileText, parseMass, readMassG } from '../../src/model/units.js';

describe('the one mass parser', () => {
  it('reads a flag or sidecar value whole: bare numbers are mg, a comma is no decimal mark', () => {
    expect(readMassG('2.1', 'mg', 'value')).toBe(2.1 / 1000);
    expect(readMassG(' 0.0021 g ', 'mg', 'value')).toBe(0.0021);
    expect(readMassG('350ug', 'mg', 'value')).toBe(350 / 1e6);
    expect(readMassG('0.002kg', 'mg', 'value')).toBe(2);
    expect(readMassG('1,500mg', 'mg', 'value')).toBeNull();
    expect(readMassG('2.1 mg active', 'mg', 'value')).toBeNull();
    expect(parseMass('2.1mg')).toBe(2.1 / 1000);
    expect(() => parseMass('1,500mg')).toThrow(/--mass: expected a mass such as 2\.1mg/);
    expect(() => parseMass('0mg', 'sidecar massMg')).toThrow(/sidecar massMg: mass must be positive/);
  });

  it("reads the mass at the start of a file's field: decimal comma, trailing text, the file's default unit", () => {
    expect(massInFileText('0,001 g', 'mg')).toBe(0.001);
    expect(massInFileText('2.5 mg (m1)', 'g')).toBe(2.5 / 1000);
    expect(massInFileText('1.000', 'g')).toBe(1);
    expect(massInFileText('7000', 'mg')).toBe(7);
    expect(massInFileText('0.000', 'g')).toBeNull();
    expect(massInFileText('n/a', 'g')).toBeNull();
  });
});
