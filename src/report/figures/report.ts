import { Chalk, type ChalkInstance } from 'chalk';
import { allItems } from '../../util/lazy-items.js';
import { dqdvFigure } from './dqdv.js';
import { profileFigure } from './profile.js';
import { rateFigure } from './rate.js';
import { retentionFigure } from './retention.js';
import { seriesName } from './spec.js';
import type { Figure, FigureLook } from './types.js';
import { windowsFigure } from './windows.js';
import type { OutputWidth } from '../width.js';
import { parseSize } from './look.js';
import type { ReportResult } from '../../pipeline/report.js';

/**
 * `report --html` and `--figures`: the figures `plot` draws, made from one report's results
 * (no file is read twice), written as SVG files and/or one self-contained HTML page.
 */

/** How report's figures look: one width for every figure of a page. */
export const REPORT_LOOK: FigureLook = { size: parseSize('180mm'), theme: 'light', title: null };

/** Every figure the report's results support, with a caption. */
export function reportFigures(r: ReportResult): { name: string; caption: string; figure: Figure }[] {
  const name = seriesName(r.base.dataset.file);
  const massG = r.base.dataset.massG;
  const out: { name: string; caption: string; figure: Figure }[] = [];
  if (r.profile !== null && r.profile.length > 0) out.push({ name: 'profile', caption: 'Voltage vs capacity (∫I dt from the start of each half cycle); charge solid, discharge dashed.', figure: profileFigure([{ name, massG, cycles: r.profile }], REPORT_LOOK, massG !== null) });
  if (r.dqdv) out.push({ name: 'dqdv', caption: `dQ/dV of cycle ${r.dqdv.cycle} (${r.dqdv.why}); peaks marked, couples labelled.`, figure: dqdvFigure([{ name, analysis: r.dqdv.analysis }], REPORT_LOOK) });
  if (r.retention) out.push({ name: 'retention', caption: 'Discharge capacity and Coulombic efficiency per cycle; segment ends dashed, the 80 % line marked, outliers as crosses.', figure: retentionFigure([{ name, result: r.retention }], REPORT_LOOK, massG !== null) });
  if (r.rate) out.push({ name: 'rate', caption: 'Discharge capacity per cycle, by C-rate group.', figure: rateFigure([{ name, cycles: r.base.cycles, rate: r.rate }], REPORT_LOOK, massG !== null) });
  if (r.windows) out.push({ name: 'windows', caption: `Discharge capacity inside each voltage window (edges ${r.edgesV.join(', ')} V).`, figure: windowsFigure([{ name, cycles: allItems(r.windows.cycles) }], REPORT_LOOK, 'discharge', massG !== null) });
  return out;
}

/** A plain, unlimited-width style for the text of the HTML page (tables with every column). */
export function plainWideStyle(): ChalkInstance & OutputWidth {
  return Object.assign(new Chalk({ level: 0 }), { columns: 160, wide: true });
}
