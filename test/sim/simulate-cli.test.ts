import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';

const QUICK = ['--protocol', 'rate', '--rates', '1,10', '--cycles', '1', '--dt', '30', '--dv', '0.02', '--rest', '60'];

describe('cyclekit simulate', () => {
  it('same seed and options: identical bytes; another seed: different bytes, same length of test', () => {
    const dir = tempDir('cyclekit-sim-');
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    const c = join(dir, 'c.csv');
    expect(cli(['simulate', ...QUICK, '--seed', '7', '-o', a]).code).toBe(0);
    expect(cli(['simulate', ...QUICK, '--seed', '7', '-o', b]).code).toBe(0);
    expect(cli(['simulate', ...QUICK, '--seed', '8', '-o', c]).code).toBe(0);
    const [ba, bb, bc] = [a, b, c].map((p) => readFileSync(p));
    expect(ba!.equals(bb!)).toBe(true);
    expect(ba!.equals(bc!)).toBe(false);
    expect(bc!.toString().split('\n').length).toBe(ba!.toString().split('\n').length);
  });

  it('writes the canonical header, a sidecar and nothing else; -o - writes to stdout', () => {
    const dir = tempDir('cyclekit-sim-');
    const out = join(dir, 'x.csv');
    const r = cli(['simulate', ...QUICK, '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readdirSync(dir).sort()).toEqual(['x.csv', 'x.csv.cell.yaml']);
    const text = readFileSync(out, 'utf8');
    expect(text.split('\n', 1)[0]).toBe('timeS,voltageV,currentA,capacityAh,energyWh,cycle,step,stepKind,temperatureC');
    const yaml = readFileSync(`${out}.cell.yaml`, 'utf8');
    expect(yaml).toMatch(/^massMg: 2$/m);
    expect(yaml).toMatch(/^cRateBasis: 100mA\/g$/m);
    expect(yaml).toMatch(/^cellType: half-cathode$/m);
    const piped = cli(['simulate', ...QUICK, '-o', '-']);
    expect(piped.code).toBe(0);
    expect(piped.stdout).toBe(text);
  });

  it('--json describes what was written', () => {
    const dir = tempDir('cyclekit-sim-');
    const out = join(dir, 'fc.csv');
    const r = cli(['simulate', '--protocol', 'full-cell', '--cycles', '1', '--dt', '120', '--layout', 'land', '--json', '-o', out]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.command).toBe('simulate');
    const res = doc.results[0];
    expect(res).toMatchObject({ file: out, layout: 'land', material: 'hc-he-v', cellType: 'full', cycles: 1, massG: 0.002 });
    expect(res.records).toBe(readFileSync(out, 'utf8').trim().split('\n').length - 1);
    expect(readFileSync(`${out}.cell.yaml`, 'utf8')).toMatch(/^anodeMassMg: /m);
  });

  it('usage errors exit 2 and leave no file behind', () => {
    const dir = tempDir('cyclekit-sim-');
    const out = join(dir, 'bad.csv');
    for (const args of [['--c-rate', '-1'], ['--material', 'lfp'], ['--protocol', 'full-cell', '--material', 'nvp'], ['--dt', 'off', '--dv', 'off'], ['--np-ratio', '1.2'], ['--fade', '10:2']]) {
      const r = cli(['simulate', ...args, '-o', out]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/cyclekit|error/);
    }
    expect(existsSync(out)).toBe(false);
    const missing = cli(['simulate', ...QUICK, '-o', join(dir, 'no', 'such', 'dir.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot write/);
  });
});
