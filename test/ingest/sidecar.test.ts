/**
 * Sidecars written as plain `key: value` lines are read without the YAML library. That shortcut
 * must never change what a sidecar means: whatever it accepts, the library reads to the same
 * values; everything else it hands to the library.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseFlatSidecar, parseSidecar } from '../../src/ingest/sidecar.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'he-v');

function sameAsYaml(text: string): void {
  const flat = parseFlatSidecar(text);
  if (flat !== null) expect(flat, JSON.stringify(text)).toEqual(parse(text));
}

describe('sidecar: flat key/value shortcut', () => {
  it('reads every fixture sidecar (as simulate writes them) exactly as the YAML library does', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.cell.yaml'));
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) {
      const text = readFileSync(join(FIXTURES, f), 'utf8');
      expect(parseFlatSidecar(text), f).not.toBeNull();
      sameAsYaml(text);
    }
  });

  it('reads numbers as YAML 1.2 does: integers, decimals, exponents, leading zeros', () => {
    for (const v of ['2', '007', '2.10', '1.', '0.0021', '1e3', '2.5E-7', '1e+21', '12345678901234567890123']) {
      const text = `massMg: ${v}\n`;
      expect(parseFlatSidecar(text)).not.toBeNull();
      sameAsYaml(text);
    }
    expect(parseFlatSidecar('massMg: 2.1mg\ncRateBasis: 100mA/g\n')).toEqual({ massMg: '2.1mg', cRateBasis: '100mA/g' });
  });

  it('leaves everything else to the library', () => {
    const others = [
      '',
      '# only a comment\n',
      'massMg: 2\nmassMg: 3\n', // duplicate keys are the library's error
      'mass: 2\n', // unknown keys too
      'massMg: 0x10\n',
      'massMg: 0o17\n',
      'cellType: true\n',
      'reference: Null\n',
      'massMg: 2 # mg\n',
      'massMg: "2"\n',
      "formula: 'NaCl'\n",
      'massMg: 2\r\ncellType: full\r\n',
      'formula: Na3V2\n  (PO4)3\n',
      '  massMg: 2\n',
      'massMg:\t2\n',
      '---\nmassMg: 2\n',
      '{"massMg": 2}\n',
      'massMg: -2\n',
      'massMg: .5\n',
      'massMg: [2]\n',
      'massMg:\n',
    ];
    for (const text of others) expect(parseFlatSidecar(text), JSON.stringify(text)).toBeNull();
  });

  it('never disagrees with the library on generated documents', () => {
    let seed = 12345;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pick = <T>(list: T[]): T => list[next(list.length)]!;
    const keys = ['massMg', 'anodeMassMg', 'formula', 'electrons', 'cRateBasis', 'cellType', 'reference'];
    const strange = ['mass', 'Null', 'true', ' massMg', 'massMg '];
    const pieces = ['0', '1', '7', '.', 'e', 'E', '-', '+', 'x', 'o', 'a', 'N', 'n', 'u', 'l', 'T', 'r', 'f', 'ue', 'ull', 'alse', '(', ')', '/', '_', 'mg', 'mA/g', 'true', 'True', 'FALSE', 'null', 'NULL', '0x', '0o'];
    const hostile = ['#', ' ', ' #', ':', ': ', '"', "'", '[', '{', ',', '\t', '~', '&', '*', '!', '|', '>'];
    let accepted = 0;
    for (let d = 0; d < 4000; d++) {
      const lines: string[] = [];
      for (let l = 0, n = 1 + next(3); l < n; l++) {
        const kind = next(12);
        if (kind === 0) lines.push('# note: anything');
        else if (kind === 1) lines.push(pick(['', '   ', ' # indented note']));
        else {
          let value = '';
          for (let p = 0, m = 1 + next(5); p < m; p++) value += next(15) === 0 ? pick(hostile) : pick(pieces);
          const key = next(15) === 0 ? pick(strange) : pick(keys);
          lines.push(`${key}:${pick([' ', ' ', ' ', '  ', ''])}${value}${next(8) === 0 ? ' ' : ''}`);
        }
      }
      const text = lines.join('\n') + (next(2) ? '\n' : '');
      if (parseFlatSidecar(text) !== null) accepted++;
      sameAsYaml(text);
    }
    expect(accepted).toBeGreaterThan(500);
  });

  it('gives the same errors and values through parseSidecar', () => {
    const ctx = parseSidecar('massMg: 2\ncRateBasis: 100mA/g\ncellType: half-anode\nelectrons: 3\n', 'x.cell.yaml');
    expect(ctx).toEqual({ source: 'x.cell.yaml', massG: 0.002, cRateBasis: { kind: 'specific', mAPerG: 100 }, cellType: 'half-anode', electrons: 3 });
    expect(() => parseSidecar('cellType: sideways\n', 'x.cell.yaml')).toThrow(/cellType must be one of/);
    expect(() => parseSidecar('massMg: 2\nmassMg: 3\n', 'x.cell.yaml')).toThrow(/not valid YAML/);
  });

  it('a bad value names the sidecar and its key, not the data file or a command-line flag', () => {
    for (const [text, message] of [
      ['cRateBasis: 5xyz\n', /^sidecar cRateBasis: expected a specific current/],
      ['massMg: abc\n', /^sidecar massMg: expected a mass/],
    ] as const) {
      let caught: unknown;
      try {
        parseSidecar(text, 'x.cell.yaml');
      } catch (err) {
        caught = err;
      }
      expect((caught as { file?: string }).file).toBe('x.cell.yaml');
      expect((caught as Error).message).toMatch(message);
    }
  });
});
