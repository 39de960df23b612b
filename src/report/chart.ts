import type { ChalkInstance } from 'chalk';
import { widthOf } from './width.js';
import { wrapItems } from './wrap.js';

/** y values at evenly spaced x positions across `xRange`. */
export interface ChartSeries {
  values: number[];
  label: string;
  /** The character the series is drawn with, so series read without colour (default: one per series). */
  glyph?: string;
}

/** Points in drawing order; NaN breaks the line. */
export interface XYSeries {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  label: string;
  glyph?: string;
}

export interface ChartOptions {
  height?: number;
  /** Total columns of the chart, axis labels included (default: the style's terminal width, else 80). */
  width?: number;
  title?: string;
  xLabel?: string;
  xRange?: [number, number];
  yUnit?: string;
  /** x positions (in the xRange unit) to mark under the axis, e.g. dQ/dV peaks. */
  marks?: { x: number; label: string }[];
}

/** Distinct ASCII glyphs: each series is told apart by its shape, not only by its colour. */
export const GLYPHS = ['*', 'o', '+', 'x', '#', '%'];
const COLOURS = ['cyan', 'yellow', 'green', 'magenta', 'blue', 'red'] as const;

/** Reduce a series to `width` points by averaging buckets (kept for callers that want a smoothed summary). */
export function fitWidth(values: number[], width: number): number[] {
  if (values.length <= width) return values;
  const out: number[] = [];
  for (let i = 0; i < width; i++) {
    const a = Math.floor((i * values.length) / width);
    const b = Math.max(a + 1, Math.floor(((i + 1) * values.length) / width));
    let s = 0;
    let n = 0;
    for (let k = a; k < b; k++) {
      const v = values[k]!;
      if (Number.isFinite(v)) {
        s += v;
        n++;
      }
    }
    out.push(n > 0 ? s / n : Number.NaN);
  }
  return out;
}

function chartWidth(style: ChalkInstance, options: ChartOptions): number {
  return Math.max(30, options.width ?? widthOf(style)?.columns ?? 80);
}

/** A line chart of evenly spaced values (see xyChart). */
export function lineChart(series: ChartSeries[], style: ChalkInstance, options: ChartOptions = {}): string {
  const xy: XYSeries[] = series.map((s) => {
    const n = s.values.length;
    const [x0, x1] = options.xRange ?? [0, Math.max(1, n - 1)];
    const x = Float64Array.from({ length: n }, (_, i) => (n > 1 ? x0 + ((x1 - x0) * i) / (n - 1) : x0));
    return { x, y: s.values, label: s.label, ...(s.glyph ? { glyph: s.glyph } : {}) };
  });
  return xyChart(xy, style, options);
}

const yLabel = (v: number): string => {
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e5 || a < 1e-3) ? v.toExponential(2) : v.toPrecision(4);
};

/**
 * A terminal chart that fits its width: every point is drawn, a pixel column holding many
 * points spans from their minimum to their maximum (peaks keep their height however long the
 * series), consecutive points are joined, and each series has its own glyph.
 */
export function xyChart(series: XYSeries[], style: ChalkInstance, options: ChartOptions = {}): string {
  const totalWidth = chartWidth(style, options);
  const height = Math.max(3, options.height ?? 12);
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.y.length; i++) {
      const x = s.x[i]!;
      const y = s.y[i]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      xMin = Math.min(xMin, x);
      xMax = Math.max(xMax, x);
      yMin = Math.min(yMin, y);
      yMax = Math.max(yMax, y);
    }
  }
  if (!Number.isFinite(yMin)) return '(no data to plot)';
  if (options.xRange) [xMin, xMax] = options.xRange;
  // A range of rounding noise would spread one value over every row.
  if (!(yMax - yMin > 1e-9 * Math.max(1, Math.abs(yMax)))) {
    const pad = Math.max(1e-9, Math.abs(yMin) * 1e-3);
    yMin -= pad;
    yMax += pad;
  }
  const labels = Array.from({ length: height }, (_, r) => yLabel(yMax - ((yMax - yMin) * r) / (height - 1)));
  const gutter = Math.max(...labels.map((l) => l.length)) + 2;
  const plotWidth = Math.max(10, totalWidth - gutter);
  const grid: (string | null)[][] = Array.from({ length: height }, () => new Array<string | null>(plotWidth).fill(null));
  const owner: number[][] = Array.from({ length: height }, () => new Array<number>(plotWidth).fill(-1));
  const colOf = (x: number): number => (xMax > xMin ? Math.round(((x - xMin) / (xMax - xMin)) * (plotWidth - 1)) : 0);
  const rowOf = (y: number): number => Math.round(((yMax - y) / (yMax - yMin)) * (height - 1));
  const put = (c: number, r0: number, r1: number, glyph: string, k: number): void => {
    if (c < 0 || c >= plotWidth) return;
    for (let r = Math.max(0, Math.min(r0, r1)); r <= Math.min(height - 1, Math.max(r0, r1)); r++) {
      grid[r]![c] = glyph;
      owner[r]![c] = k;
    }
  };
  series.forEach((s, k) => {
    const glyph = s.glyph ?? GLYPHS[k % GLYPHS.length]!;
    let prev: { c: number; r: number } | null = null;
    for (let i = 0; i < s.y.length; i++) {
      const x = s.x[i]!;
      const y = s.y[i]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        prev = null;
        continue;
      }
      const c = colOf(x);
      const r = rowOf(y);
      if (prev === null) put(c, r, r, glyph, k);
      else if (prev.c === c) put(c, prev.r, r, glyph, k);
      else {
        // Join across columns: each column spans from the row where the segment enters it to where it leaves.
        const step = c > prev.c ? 1 : -1;
        let last = prev.r;
        for (let cc = prev.c + step; step > 0 ? cc <= c : cc >= c; cc += step) {
          const t = (cc - prev.c) / (c - prev.c);
          const rr = Math.round(prev.r + t * (r - prev.r));
          put(cc, last, rr, glyph, k);
          last = rr;
        }
      }
      prev = { c, r };
    }
  });
  const coloured = style.level > 0;
  const paint = (g: string, k: number): string => (coloured ? style[COLOURS[k % COLOURS.length]!](g) : g);
  const lines: string[] = [];
  if (options.title) {
    lines.push(...wrapItems([style.bold(options.title) + (options.yUnit ? style.dim(`  (${options.yUnit})`) : '')], totalWidth, ''));
  }
  const labelEvery = height <= 6 ? 1 : Math.ceil(height / 6);
  for (let r = 0; r < height; r++) {
    const labelled = r % labelEvery === 0 || r === height - 1;
    const axis = labelled ? `${labels[r]!.padStart(gutter - 2)} ┤` : `${' '.repeat(gutter - 2)} │`;
    const body = grid[r]!.map((g, c) => (g === null ? ' ' : paint(g, owner[r]![c]!))).join('');
    lines.push((axis + body).replace(/\s+$/, ''));
  }
  lines.push(`${' '.repeat(gutter - 1)}└${'─'.repeat(plotWidth)}`);
  const pad = ' '.repeat(gutter);
  if (options.marks && options.marks.length > 0) {
    const row = new Array<string>(plotWidth).fill(' ');
    for (const m of options.marks) {
      const c = colOf(m.x);
      if (c >= 0 && c < plotWidth) row[c] = '▲';
    }
    lines.push((pad + row.join('')).replace(/\s+$/, ''));
    lines.push(...wrapItems(options.marks.map((m) => m.label), totalWidth, pad).map((l, i) => style.dim(i === 0 ? `${l.slice(0, gutter - 2)}▲ ${l.slice(gutter)}` : l)));
  }
  // The x unit follows the right-hand value, which ends under the last column.
  const left = yLabel(xMin);
  const right = yLabel(xMax) + (options.xLabel ? ` ${options.xLabel}` : '');
  lines.push(pad + left + ' '.repeat(Math.max(1, plotWidth - left.length - right.length)) + right);
  if (series.length > 1) lines.push(...wrapItems(series.map((s, k) => `${paint(s.glyph ?? GLYPHS[k % GLYPHS.length]!, k)} ${s.label}`), totalWidth, pad, '   '));
  return lines.join('\n');
}
