import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Chalk, type ChalkInstance } from 'chalk';
import { CyclekitError } from '../../model/errors.js';
import { allItems } from '../../util/lazy-items.js';
import { dqdvFigure } from './dqdv.js';
import { writeWhole } from '../../util/atomic-write.js';
import { profileFigure } from './profile.js';
import { rateFigure } from './rate.js';
import { renderSvg } from './render.js';
import { retentionFigure } from './retention.js';
import { seriesName } from './spec.js';
import type { Figure, FigureLook } from './types.js';
import { windowsFigure } from './windows.js';
import { htmlPage, type HtmlSection } from '../html.js';
import type { OutputWidth } from '../width.js';
import { parseSize } from './look.js';
import type { ReportResult } from '../../pipeline/report.js';
import type { FileOutcome } from '../emitters.js';

/**
 * `report --html` and `--figures`: the figures `plot` draws, made from one report's results
 * (no file is read twice), written as SVG files and/or one self-contained HTML page.
 */

const LOOK: FigureLook = { size: parseSize('180mm'), theme: 'light', title: null };

/** Every figure the report's results support, with a caption. */
export function reportFigures(r: ReportResult): { name: string; caption: string; figure: Figure }[] {
  const name = seriesName(r.base.dataset.file);
  const massG = r.base.dataset.massG;
  const out: { name: string; caption: string; figure: Figure }[] = [];
  if (r.profile !== null && r.profile.length > 0) out.push({ name: 'profile', caption: 'Voltage vs capacity (∫I dt from the start of each half cycle); charge solid, discharge dashed.', figure: profileFigure([{ name, massG, cycles: r.profile }], LOOK, massG !== null) });
  if (r.dqdv) out.push({ name: 'dqdv', caption: `dQ/dV of cycle ${r.dqdv.cycle} (${r.dqdv.why}); peaks marked, couples labelled.`, figure: dqdvFigure([{ name, analysis: r.dqdv.analysis }], LOOK) });
  if (r.retention) out.push({ name: 'retention', caption: 'Discharge capacity and Coulombic efficiency per cycle; segment ends dashed, the 80 % line marked, outliers as crosses.', figure: retentionFigure([{ name, result: r.retention }], LOOK, massG !== null) });
  if (r.rate) out.push({ name: 'rate', caption: 'Discharge capacity per cycle, by C-rate group.', figure: rateFigure([{ name, cycles: r.base.cycles, rate: r.rate }], LOOK, massG !== null) });
  if (r.windows) out.push({ name: 'windows', caption: `Discharge capacity inside each voltage window (edges ${r.edgesV.join(', ')} V).`, figure: windowsFigure([{ name, cycles: allItems(r.windows.cycles) }], LOOK, 'discharge', massG !== null) });
  return out;
}

/** A plain, unlimited-width style for the text of the HTML page (tables with every column). */
export function plainWideStyle(): ChalkInstance & OutputWidth {
  return Object.assign(new Chalk({ level: 0 }), { columns: 160, wide: true });
}

/** Where `report` writes its figures: an HTML page, a folder of SVGs, and with `spec` each figure's Vega-Lite spec. */
export interface ReportFigureTargets {
  html?: string;
  figures?: string;
  spec?: boolean;
}

export async function writeReportFigures(outcomes: FileOutcome<ReportResult>[], flags: ReportFigureTargets, textOf: (r: ReportResult) => string): Promise<void> {
  const sections: HtmlSection[] = [];
  if (flags.figures !== undefined) {
    try {
      await mkdir(flags.figures, { recursive: true });
    } catch (err) {
      throw new CyclekitError('E_IO', `--figures: cannot make the folder: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file: flags.figures });
    }
  }
  for (const o of outcomes) {
    if ('error' in o) {
      sections.push({ title: o.file, text: `could not be read: ${o.error.message}` });
      continue;
    }
    const rendered: { caption: string; svg: string }[] = [];
    for (const f of reportFigures(o.result)) {
      const svg = await renderSvg(f.figure.spec, LOOK);
      rendered.push({ caption: f.caption, svg });
      if (flags.figures !== undefined) {
        const base = join(flags.figures, `${seriesName(o.result.base.dataset.file)}-${f.name}`);
        await writeWhole(`${base}.svg`, svg);
        if (flags.spec === true) await writeWhole(`${base}.vl.json`, JSON.stringify(f.figure.spec, null, 1) + '\n');
      }
    }
    sections.push({ title: o.result.base.dataset.file, figures: rendered, text: textOf(o.result) });
  }
  if (flags.html !== undefined) await writeWhole(flags.html, htmlPage('cyclekit report', sections));
}
