import type { RetentionResult } from '../../analysis/retention.js';
import { colours, fontSizes } from './look.js';
import { minMaxIndices } from '../../math/decimate.js';
import { round7, stackedView } from './spec.js';
import type { Figure, FigureLook } from './types.js';

export interface RetentionSeries {
  name: string;
  result: RetentionResult;
}

const pct = (f: number): string => `${(f * 100).toFixed(1)} %`;

/**
 * Discharge capacity and Coulombic efficiency against cycle on two panels sharing the cycle
 * axis. Long tests are decimated per pixel column keeping each column's minimum and maximum;
 * the cycles the analysis flags as outliers are never decimated away but drawn as crosses.
 * Segment ends are vertical rules labelled with the segment's retention, the threshold (80 %)
 * a horizontal rule at that fraction of the reference capacity.
 */
export function retentionFigure(series: RetentionSeries[], look: FigureLook, specific: boolean): Figure {
  const c = colours(look.theme);
  const unit = specific ? 'mAh g⁻¹' : 'mAh';
  const qOf = (x: { dischargeCapacityMAh: number | null; dischargeSpecificCapacityMAhG: number | null }): number | null => (specific ? x.dischargeSpecificCapacityMAhG : x.dischargeCapacityMAh);
  const overall = series.map((s) => `${series.length > 1 ? `${s.name}: ` : ''}${pct(s.result.overall.retention)} over cycles ${s.result.overall.fromCycle}–${s.result.overall.toCycle}`).join(' · ');
  const { top, widthPx, heightsPx } = stackedView(look, 'Capacity retention', [3, 2], overall, series.length > 1 ? 1 : 0);

  const line: Record<string, unknown>[] = [];
  const outliers: Record<string, unknown>[] = [];
  const rules: Record<string, unknown>[] = [];
  const labels: Record<string, unknown>[] = [];
  const thresholds: Record<string, unknown>[] = [];
  const csv: (string | number | null)[][] = [];
  series.forEach((s) => {
    const r = s.result;
    const q = r.cycles.map((x) => (x.outlier === null ? (qOf(x) ?? Number.NaN) : Number.NaN));
    const ce = r.cycles.map((x) => (x.coulombicEfficiency === null ? Number.NaN : x.coulombicEfficiency));
    const keep = new Set([...minMaxIndices(q, widthPx), ...minMaxIndices(ce, widthPx)]);
    r.cycles.forEach((x, i) => {
      csv.push([s.name, x.cycle, round7(qOf(x)), round7(x.retention === null ? null : x.retention * 100), round7(x.coulombicEfficiency === null ? null : x.coulombicEfficiency * 100), x.outlier]);
      if (x.outlier !== null) {
        outliers.push({ file: s.name, cycle: x.cycle, q: round7(qOf(x)), reason: x.outlier });
        if (x.coulombicEfficiency !== null) line.push({ file: s.name, cycle: x.cycle, q: null, ce: round7(x.coulombicEfficiency * 100) });
      } else if (keep.has(i)) line.push({ file: s.name, cycle: x.cycle, q: round7(qOf(x)), ce: round7(x.coulombicEfficiency === null ? null : x.coulombicEfficiency * 100) });
    });
    const segs = r.segments.length > 0 ? r.segments : [r.overall];
    segs.forEach((seg, k) => {
      if (k < segs.length - 1 || segs.length > 1) rules.push({ file: s.name, cycle: seg.toCycle });
      labels.push({ file: s.name, cycle: (seg.fromCycle + seg.toCycle) / 2, text: `${seg.fromCycle}–${seg.toCycle}: ${pct(seg.retention)}` });
    });
    const ref = r.cycles.find((x) => x.cycle === r.referenceCycle);
    const refQ = ref && qOf(ref) !== null && ref.dischargeCapacityMAh ? (qOf(ref)! / ref.dischargeCapacityMAh) * r.referenceCapacityMAh : null;
    if (refQ !== null) thresholds.push({ file: s.name, q: round7(refQ * r.threshold), cycle: r.cycles[r.cycles.length - 1]!.cycle, text: `${pct(r.threshold).replace('.0 ', ' ')} of cycle ${r.referenceCycle}` });
  });

  const several = series.length > 1;
  const colour = several ? { field: 'file', type: 'nominal', title: null, legend: { orient: 'top', direction: 'horizontal' } } : { value: c.palette[0] };
  const x = (axis: boolean): Record<string, unknown> => ({ field: 'cycle', type: 'quantitative', title: 'cycle number', axis: axis ? {} : { labels: false, title: null, ticks: false }, scale: { nice: false } });
  const capacity = {
    name: 'capacity',
    width: widthPx,
    height: heightsPx[0],
    layer: [
      { data: { values: rules }, mark: { type: 'rule', strokeDash: [3, 3], strokeWidth: 0.8 }, encoding: { x: x(false), color: { value: c.annotation } } },
      { data: { values: thresholds }, mark: { type: 'rule', strokeDash: [6, 3], strokeWidth: 0.8 }, encoding: { y: { field: 'q', type: 'quantitative' }, color: { value: c.annotation } } },
      { data: { values: thresholds }, mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -2 }, encoding: { x: x(false), y: { field: 'q', type: 'quantitative' }, text: { field: 'text' } } },
      { name: 'capacity_line', data: { values: line }, transform: [{ filter: 'isValid(datum.q)' }], mark: { type: 'line', interpolate: 'linear' }, encoding: { x: x(false), y: { field: 'q', type: 'quantitative', title: `discharge capacity (${unit})`, scale: { zero: false } }, color: colour, detail: { field: 'file' } } },
      { name: 'outliers', data: { values: outliers }, mark: { type: 'point', shape: 'cross', filled: true, size: 30 }, encoding: { x: x(false), y: { field: 'q', type: 'quantitative' }, color: { value: c.palette[3] }, tooltip: [{ field: 'cycle' }, { field: 'reason' }] } },
      // One layer per file: a label's height is a pixel offset, which Vega-Lite cannot take from the data.
      ...series.map((s, row) => ({
        name: `segment_labels_${row}`,
        data: { values: labels.filter((l) => l.file === s.name) },
        mark: { type: 'text', baseline: 'top' },
        encoding: { x: x(false), y: { value: 3 + row * (fontSizes(look.size).label + 3) }, text: { field: 'text' }, ...(several ? { color: { field: 'file', type: 'nominal' } } : {}) },
      })),
    ],
  };
  // A flat CE (simulated, or a per-cycle table's constant) would otherwise fill the panel with
  // float noise: the axis spans at least 1 percentage point around the data.
  const ceValues = line.map((v) => v.ce).filter((v): v is number => typeof v === 'number');
  const ceLo = ceValues.length > 0 ? Math.min(...ceValues) : 0;
  const ceHi = ceValues.length > 0 ? Math.max(...ceValues) : 0;
  const ceScale = ceHi - ceLo < 1 ? { zero: false, domain: [(ceLo + ceHi) / 2 - 0.5, (ceLo + ceHi) / 2 + 0.5] } : { zero: false };
  const ce = {
    name: 'ce',
    width: widthPx,
    height: heightsPx[1],
    data: { values: line },
    transform: [{ filter: 'isValid(datum.ce)' }],
    mark: { type: 'line' },
    encoding: { x: x(true), y: { field: 'ce', type: 'quantitative', title: 'CE (%)', scale: ceScale }, color: colour, detail: { field: 'file' } },
  };
  return {
    kind: 'retention',
    spec: { ...top, vconcat: [capacity, ce] },
    data: { header: ['file', 'cycle', specific ? 'dischargeSpecificCapacityMAhG' : 'dischargeCapacityMAh', 'retentionPct', 'coulombicEfficiencyPct', 'outlier'], rows: csv },
  };
}
