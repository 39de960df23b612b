import { extname } from 'node:path';
import type { PlotData } from '../../pipeline/plot.js';
import { htmlPage } from '../html.js';
import { dqdvFigure } from './dqdv.js';
import { dvdqFigure } from './dvdq.js';
import { writeWhole } from '../../util/atomic-write.js';
import { peaksFigure } from './peaks.js';
import { profileFigure } from './profile.js';
import { rateFigure } from './rate.js';
import { renderPng } from './render.js';
import { retentionFigure } from './retention.js';
import { seriesName } from './spec.js';
import type { Figure, FigureLook } from './types.js';
import { windowsFigure } from './windows.js';

/** The figure of `plot`'s data: each file's series named by the file, drawn in the chosen look. */
export function figureOf(data: PlotData, look: FigureLook): Figure {
  const named = <S extends { file: string }>(series: S[]): (S & { name: string })[] => series.map((s) => ({ ...s, name: seriesName(s.file) }));
  switch (data.kind) {
    case 'profile':
      return profileFigure(named(data.series), look, data.specific);
    case 'dqdv':
      return dqdvFigure(named(data.series), look);
    case 'dvdq':
      return dvdqFigure(named(data.series), look);
    case 'peaks':
      return peaksFigure(named(data.series), look);
    case 'retention':
      return retentionFigure(named(data.series), look, data.specific);
    case 'rate':
      return rateFigure(named(data.series), look, data.specific);
    case 'windows':
      return windowsFigure(named(data.series), look, data.direction, data.specific);
  }
}

/** Write a figure as its file name says: SVG, PNG (resvg) or a self-contained HTML page. */
export async function writeFigure(path: string, figure: Figure, svg: string, look: FigureLook, dpi: number, title: string): Promise<void> {
  const ext = extname(path).toLowerCase();
  if (ext === '.svg') await writeWhole(path, svg);
  else if (ext === '.png') await writeWhole(path, await renderPng(svg, look, dpi));
  else await writeWhole(path, htmlPage(title, [{ title: figure.kind, figures: [{ caption: title, svg }] }], look.theme));
}
