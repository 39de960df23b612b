import { configFor, fontSizes, titleFor } from './look.js';
import type { FigureLook, VegaLiteSpec } from './types.js';

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Pixels the axes, titles and legends of a figure take around its plotting area (Vega's layout, measured). */
const AXIS_PX = 62;

/** Top-level fields of a one-panel figure: sized to fit exactly the requested outer size. */
export function singleView(look: FigureLook, title: string, subtitle?: string): VegaLiteSpec {
  const t = titleFor(look, title, subtitle);
  return {
    $schema: SCHEMA,
    ...(t ? { title: t } : {}),
    width: look.size.widthPx,
    height: look.size.heightPx,
    autosize: { type: 'fit', contains: 'padding' },
    padding: 4,
    config: configFor(look),
  };
}

/**
 * Top-level fields and panel sizes of a figure of panels stacked on one x axis. Vega cannot fit
 * a concatenation to a size, so the panels are sized from the outer size less the axes' share.
 */
export function stackedView(look: FigureLook, title: string, shares: number[], subtitle?: string, legendRows = 0): { top: VegaLiteSpec; widthPx: number; heightsPx: number[] } {
  const t = titleFor(look, title, subtitle);
  const f = fontSizes(look.size);
  const titlePx = t ? f.heading + 8 + (subtitle ? f.label + 4 : 0) : 0;
  const free = look.size.heightPx - titlePx - 2 * f.label - 14 - legendRows * (f.label + 10) - 8 * (shares.length - 1) - 8;
  const total = shares.reduce((a, b) => a + b, 0);
  return {
    top: { $schema: SCHEMA, ...(t ? { title: t } : {}), padding: 4, config: configFor(look), resolve: { scale: { x: 'shared', color: 'shared' } } },
    widthPx: Math.max(60, look.size.widthPx - AXIS_PX - 8),
    heightsPx: shares.map((s) => Math.max(30, Math.floor((free * s) / total))),
  };
}

/** A file's name in legends: its base name. */
export function seriesName(file: string): string {
  const parts = file.split(/[\\/]/);
  return parts[parts.length - 1] || file;
}

/** Numbers in the inline data: 7 significant digits are far below a pixel and keep specs small. */
export function round7(x: number | null | undefined): number | null {
  return x === null || x === undefined || !Number.isFinite(x) ? null : Number(x.toPrecision(7));
}
