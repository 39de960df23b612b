import asciichart from 'asciichart';
import type { ChalkInstance } from 'chalk';

export interface ChartSeries {
  /** y values at evenly spaced x positions (resample first when x is uneven). */
  values: number[];
  label: string;
}

export interface ChartOptions {
  height?: number;
  /** Columns available for the plot body; series are downsampled to fit. */
  width?: number;
  title?: string;
  xLabel?: string;
  xRange?: [number, number];
  yUnit?: string;
  /** x positions (in the xRange unit) to mark under the axis, e.g. dQ/dV peaks. */
  marks?: { x: number; label: string }[];
}

const COLORS = [asciichart.default, asciichart.blue, asciichart.red, asciichart.green, asciichart.magenta];

/** Reduce a series to `width` points by averaging buckets (keeps the shape, not the noise). */
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

/**
 * asciichart has no gaps: a NaN poisons its axis range and its row arithmetic. Gaps are drawn
 * flat at the last value seen (the first value, before any).
 */
function fillGaps(values: number[]): number[] {
  const first = values.find(Number.isFinite) ?? 0;
  let last = first;
  return values.map((v) => (Number.isFinite(v) ? (last = v) : last));
}

/**
 * A terminal line chart (asciichart) with a title, x-axis range and optional marks. Colour is
 * used only when the given chalk instance has colour enabled.
 */
export function lineChart(series: ChartSeries[], style: ChalkInstance, options: ChartOptions = {}): string {
  const width = options.width ?? 64;
  const data = series.map((s) => fitWidth(s.values, width));
  const valid = data.filter((d) => d.some(Number.isFinite));
  if (valid.length === 0) return '(no data to plot)';
  const colored = style.level > 0;
  // asciichart takes min/max over all values; one NaN would make the whole axis NaN.
  const finite = valid.flat().filter(Number.isFinite);
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const plot = asciichart.plot(
    valid.map(fillGaps),
    {
      height: options.height ?? 12,
      min,
      // A range of rounding noise (1e-14) would make asciichart draw millions of rows.
      max: max - min > 1e-9 * Math.max(1, Math.abs(max)) ? max : min + Math.max(1e-9, Math.abs(min) * 1e-3),
      format: (x: number) => x.toPrecision(4).padStart(10),
      ...(colored ? { colors: COLORS.slice(0, valid.length) } : {}),
    },
  );
  const lines: string[] = [];
  if (options.title) lines.push(style.bold(options.title) + (options.yUnit ? style.dim(`  (${options.yUnit})`) : ''));
  lines.push(plot);
  const body = Math.max(...valid.map((d) => d.length));
  const offset = 12;
  if (options.marks && options.xRange) {
    const [x0, x1] = options.xRange;
    const row = Array.from({ length: offset + body + 12 }, () => ' ');
    const labels: string[] = [];
    for (const m of options.marks) {
      const col = offset + Math.round(((m.x - x0) / (x1 - x0)) * (body - 1));
      if (col >= offset && col < row.length) row[col] = '▲';
      labels.push(m.label);
    }
    lines.push(row.join('').replace(/\s+$/, ''));
    if (labels.length > 0) lines.push(' '.repeat(offset) + style.dim(`▲ ${labels.join(' · ')}`));
  }
  if (options.xRange) {
    const [x0, x1] = options.xRange;
    const left = x0.toPrecision(4);
    const right = x1.toPrecision(4);
    lines.push(' '.repeat(offset) + left + ' '.repeat(Math.max(1, body - left.length - right.length)) + right + (options.xLabel ? style.dim(`  ${options.xLabel}`) : ''));
  }
  if (series.length > 1) lines.push(' '.repeat(offset) + series.map((s) => s.label).join(' · '));
  return lines.join('\n');
}
