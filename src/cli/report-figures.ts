import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CyclekitError } from '../model/errors.js';
import type { ReportResult } from '../pipeline/report.js';
import type { FileOutcome } from '../report/emitters.js';
import { REPORT_LOOK, reportFigures } from '../report/figures/report.js';
import { renderSvg } from '../report/figures/render.js';
import { seriesName } from '../report/figures/spec.js';
import { htmlPage, type HtmlSection } from '../report/html.js';
import { writeWhole } from '../util/atomic-write.js';

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
      const svg = await renderSvg(f.figure.spec, REPORT_LOOK);
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
