import { describe, expect, it } from 'vitest';
import type { RetentionCycle, RetentionResult, RetentionSegment } from '../../src/analysis/retention.js';
import { minMaxIndices } from '../../src/math/decimate.js';
import { parseSize } from '../../src/report/figures/look.js';
import { retentionFigure } from '../../src/report/figures/retention.js';
import { htmlPage } from '../../src/report/html.js';
import { wrapLine } from '../../src/report/wrap.js';

describe('figure building blocks', () => {
  it('minMaxIndices keeps every bucket extreme: a one-sample spike and dip survive 100,000 → 400', () => {
    const values = Array.from({ length: 100_000 }, (_, i) => Math.sin(i / 1000));
    values[31_415] = 9;
    values[77_777] = -9;
    const keep = minMaxIndices(values, 100);
    expect(keep.length).toBeLessThanOrEqual(400);
    expect(keep).toContain(31_415);
    expect(keep).toContain(77_777);
    expect(keep).toContain(0);
    expect(keep).toContain(99_999);
    expect([...keep].sort((a, b) => a - b)).toEqual(keep);
    expect(minMaxIndices([1, 2, 3], 100)).toEqual([0, 1, 2]);
  });

  it('parseSize: journal columns at 96 px per inch, pixels, millimetres; nonsense refused', () => {
    expect(parseSize('85mm')).toMatchObject({ widthPx: 321, heightPx: 241 });
    expect(parseSize('180mm')).toMatchObject({ widthPx: 680, heightPx: 425 });
    expect(parseSize('640x480')).toMatchObject({ widthPx: 640, heightPx: 480 });
    expect(parseSize('85x60mm')).toMatchObject({ widthPx: 321, heightPx: 227 });
    for (const bad of ['', 'big', '10x10', '5mm', '85cm']) expect(() => parseSize(bad)).toThrow(/--size/);
  });

  it('retention figure: decimated to ~4 points per column, yet the largest, the smallest and every outlier are drawn', () => {
    const cycles: RetentionCycle[] = Array.from({ length: 10_000 }, (_, i) => ({
      cycle: i + 1,
      dischargeCapacityMAh: 1 - i * 1e-5 + (i === 4321 ? 0.05 : 0),
      dischargeSpecificCapacityMAhG: null,
      retention: 1 - i * 1e-5,
      coulombicEfficiency: 0.999,
      cRate: 1,
      outlier: i === 8000 ? 'capacity 50 % below its neighbours' : null,
    }));
    cycles[8000]!.dischargeCapacityMAh = 0.4;
    const seg: RetentionSegment = { fromCycle: 1, toCycle: 10_000, relativeToCycle: 1, toCycleUsed: 10_000, retention: 0.9, meanCoulombicEfficiency: 0.999, minCoulombicEfficiency: 0.999, minCoulombicEfficiencyCycle: 1 };
    const result: RetentionResult = { referenceCycle: 1, referenceReason: 'test', referenceCapacityMAh: 1, referenceCRate: 1, threshold: 0.8, cycles, segments: [], overall: seg, fadePerCycle: null, fadePer1000Cycles: null, fit: null, cyclesToThreshold: null, thresholdCycle: null, thresholdExtrapolated: false, outliers: [{ cycle: 8001, reason: 'x' }] };
    const fig = retentionFigure([{ name: 'a.csv', result }], { size: parseSize('180mm'), theme: 'light', title: null }, false);
    const panel = (fig.spec.vconcat as { layer: { name?: string; data: { values: { q: number | null; cycle: number }[] } }[] }[])[0]!;
    const line = panel.layer.find((l) => l.name === 'capacity_line')!.data.values.filter((v) => v.q !== null);
    const outliers = panel.layer.find((l) => l.name === 'outliers')!.data.values;
    expect(line.length).toBeLessThan(3000);
    expect(Math.max(...line.map((v) => v.q!))).toBeCloseTo(1 - 4321e-5 + 0.05, 9);
    expect(line.some((v) => v.cycle === 10_000)).toBe(true);
    expect(outliers).toEqual([expect.objectContaining({ cycle: 8001, q: 0.4 })]);
    expect(fig.data.rows).toHaveLength(10_000);
  });

  it('the HTML page escapes text and fetches nothing', () => {
    const page = htmlPage('a <b> & "c"', [{ title: 't', text: '<script>x</script>', figures: [{ caption: 'cap', svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' }] }]);
    expect(page).toContain('a &lt;b&gt; &amp; &quot;c&quot;');
    expect(page).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(page).not.toMatch(/<script|<link|src=|@import/);
    expect(page).toContain('<svg role="img" aria-label="cap"');
  });

  it('wrapLine: words to the width with a hanging indent; a long word is cut', () => {
    expect(wrapLine('  alpha beta gamma delta', 14)).toEqual(['  alpha beta', '    gamma', '    delta']);
    expect(wrapLine('short', 80)).toEqual(['short']);
    for (const l of wrapLine('x'.repeat(50), 20)) expect(l.length).toBeLessThanOrEqual(20);
  });
});
