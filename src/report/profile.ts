import type { ChalkInstance } from 'chalk';
import { xyChart } from './chart.js';
import type { ProfileCycle } from '../pipeline/profile.js';

/** Voltage against capacity in the terminal: charge `*`, discharge `o`, one pair per cycle. */
export function profileChart(profile: ProfileCycle[], massG: number | null, style: ChalkInstance): string {
  const scale = massG !== null ? 1000 / massG : 1000;
  const glyphs: Record<string, string[]> = { charge: ['*', '+', '#'], discharge: ['o', 'x', '%'] };
  const series = profile.flatMap((p, k) =>
    p.halves.map((h) => ({
      x: Float64Array.from(h.capacityAh, (q) => q * scale),
      y: h.voltageV,
      label: `cycle ${p.cycle} ${h.direction}`,
      glyph: glyphs[h.direction]![k % 3]!,
    })),
  );
  return xyChart(series, style, { title: `voltage profile, cycle${profile.length > 1 ? 's' : ''} ${profile.map((p) => p.cycle).join(', ')}`, yUnit: 'V', xLabel: massG !== null ? 'mAh g⁻¹' : 'mAh', height: 12 });
}
