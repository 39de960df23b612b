import { CyclekitError } from '../../model/errors.js';
import { colours } from './look.js';
import type { FigureLook, VegaLiteSpec } from './types.js';

/**
 * Vega-Lite → Vega → SVG in Node, without a browser or canvas, and SVG → PNG with resvg. The
 * three libraries are loaded on the first figure only: no other command pays for them.
 */

type VegaModule = typeof import('vega');
type VegaLiteModule = typeof import('vega-lite');
let libraries: Promise<{ vega: VegaModule; vl: VegaLiteModule }> | null = null;

function load(): Promise<{ vega: VegaModule; vl: VegaLiteModule }> {
  libraries ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vl]) => ({ vega, vl }));
  return libraries;
}

/** SVG text of a Vega-Lite spec, its outer size set to the requested one (content centred if it is smaller). */
export async function renderSvg(spec: VegaLiteSpec, look: FigureLook): Promise<string> {
  const { vega, vl } = await load();
  const problems: string[] = [];
  const logger = {
    level: () => logger,
    error: (...m: unknown[]) => (problems.push(m.join(' ')), logger),
    warn: () => logger,
    info: () => logger,
    debug: () => logger,
  };
  let runtime;
  try {
    runtime = vega.parse(vl.compile(spec as never, { logger: logger as never }).spec);
  } catch (err) {
    throw new CyclekitError('E_VALUE', `the figure could not be built: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (problems.length > 0) throw new CyclekitError('E_VALUE', `the figure could not be built: ${problems.join('; ')}`);
  const view = new vega.View(runtime, { renderer: 'none', logLevel: vega.Error });
  const svg = await view.toSVG();
  view.finalize();
  return fitToSize(svg, look);
}

/**
 * Vega sizes a concatenated figure from its parts; the requested outer size is made exact by
 * giving the root that size and the drawing's own extent as viewBox (aspect kept, centred).
 */
function fitToSize(svg: string, look: FigureLook): string {
  const m = /^<svg([^>]*?) width="([\d.]+)" height="([\d.]+)" viewBox="([^"]*)"/.exec(svg);
  if (!m) return svg;
  const { widthPx, heightPx } = look.size;
  const bg = colours(look.theme).background;
  return `<svg${m[1]} width="${widthPx}" height="${heightPx}" viewBox="${m[4]}" preserveAspectRatio="xMidYMid meet" style="background-color:${bg}"${svg.slice(m[0].length)}`;
}

/** PNG bytes of an SVG at `dpi` (96 = one pixel per CSS pixel), background filled. */
export async function renderPng(svg: string, look: FigureLook, dpi: number): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const width = Math.round((look.size.widthPx * dpi) / 96);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    background: colours(look.theme).background,
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
