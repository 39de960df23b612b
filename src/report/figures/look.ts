import { CyclekitError } from '../../model/errors.js';
import type { FigureLook, FigureSize, Theme, VegaLiteSpec } from './types.js';

/**
 * How every figure looks: journal sizes, a colour-blind-safe palette, one font.
 *
 * Palette: Okabe & Ito (2008), "Color Universal Design", distinguishable with any of the common
 * colour-vision deficiencies; sequential (cycle number) scales use viridis, which is too.
 */
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'];

/**
 * One font named first everywhere: Vega sizes text by its own estimate (no canvas in Node), so
 * the SVG is the same bytes on every machine; DejaVu Sans is what resvg finds on Debian for PNG.
 */
export const FONT = 'DejaVu Sans, Verdana, Arial, sans-serif';

const CSS_PX_PER_MM = 96 / 25.4;

/** Height over width when only a width is given: 4:3 for one column, wider for two. */
function defaultAspect(widthMm: number): number {
  return widthMm > 120 ? 0.625 : 0.75;
}

/**
 * `85mm` (journal single column), `180mm` (double column), `WxH` in pixels (`640x480`) or
 * millimetres (`85x60mm`).
 */
export function parseSize(text: string): FigureSize {
  const t = text.trim().toLowerCase();
  let m = /^(\d+(?:\.\d+)?)\s*mm$/.exec(t);
  if (m) {
    const wMm = Number(m[1]);
    if (wMm >= 20 && wMm <= 1000) return { widthPx: Math.round(wMm * CSS_PX_PER_MM), heightPx: Math.round(wMm * defaultAspect(wMm) * CSS_PX_PER_MM), text };
  }
  m = /^(\d+(?:\.\d+)?)\s*x\s*(\d+(?:\.\d+)?)\s*(mm|px)?$/.exec(t);
  if (m) {
    const scale = m[3] === 'mm' ? CSS_PX_PER_MM : 1;
    const w = Math.round(Number(m[1]) * scale);
    const h = Math.round(Number(m[2]) * scale);
    if (w >= 80 && h >= 60 && w <= 8000 && h <= 8000) return { widthPx: w, heightPx: h, text };
  }
  throw new CyclekitError('E_USAGE', `--size ${text}: expected 85mm (single column), 180mm (double column), WxH in pixels (640x480, at least 80x60) or WxHmm (85x60mm)`);
}

export function parseTheme(text: string): Theme {
  if (text === 'light' || text === 'dark') return text;
  throw new CyclekitError('E_USAGE', `--theme ${text}: expected light or dark`);
}

interface Colours {
  background: string;
  text: string;
  grid: string;
  domain: string;
  /** Marks that are not a series: the 80 % line, segment boundaries, labels. */
  annotation: string;
  palette: string[];
}

export function colours(theme: Theme): Colours {
  return theme === 'dark'
    ? { background: '#1b1b1b', text: '#e8e8e8', grid: '#3a3a3a', domain: '#9a9a9a', annotation: '#cfcfcf', palette: [...OKABE_ITO.slice(0, 7), '#e8e8e8'] }
    : { background: '#ffffff', text: '#111111', grid: '#e4e4e4', domain: '#555555', annotation: '#444444', palette: OKABE_ITO };
}

/** Font sizes that read at the printed size: 7–8 pt in a single column, 9–10 pt in a double. */
export function fontSizes(size: FigureSize): { label: number; title: number; heading: number } {
  return size.widthPx < 480 ? { label: 8, title: 9, heading: 10 } : { label: 10, title: 11, heading: 13 };
}

/** The Vega-Lite `config` block: theme, font, palette. */
export function configFor(look: FigureLook): VegaLiteSpec {
  const c = colours(look.theme);
  const f = fontSizes(look.size);
  return {
    background: c.background,
    font: FONT,
    view: { stroke: c.domain, strokeWidth: 0.5 },
    axis: {
      labelColor: c.text,
      titleColor: c.text,
      labelFontSize: f.label,
      titleFontSize: f.title,
      titleFontWeight: 'normal',
      gridColor: c.grid,
      domainColor: c.domain,
      tickColor: c.domain,
      labelFlush: true,
    },
    legend: { labelColor: c.text, titleColor: c.text, labelFontSize: f.label, titleFontSize: f.label, titleFontWeight: 'normal', symbolStrokeWidth: 1.5, labelLimit: 160 },
    title: { color: c.text, fontSize: f.heading, fontWeight: 'normal', subtitleColor: c.text, subtitleFontSize: f.label, anchor: 'start' },
    text: { color: c.annotation, fontSize: f.label },
    range: { category: c.palette },
    line: { strokeWidth: 1.2 },
    point: { size: 14 },
    concat: { spacing: 8 },
  };
}

/** The title block of a spec: the user's --title (or none with ''), else the kind's own. */
export function titleFor(look: FigureLook, own: string, subtitle?: string): VegaLiteSpec | undefined {
  const text = look.title ?? own;
  if (text === '') return undefined;
  return subtitle ? { text, subtitle } : { text };
}
