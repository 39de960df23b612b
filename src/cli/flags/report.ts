import { extname } from 'node:path';
import { CyclekitError } from '../../model/errors.js';
import { loadReference } from '../../pipeline/compare.js';
import type { ReportOptions } from '../../pipeline/report.js';
import type { ReportTextOptions } from '../../report/report-text.js';
import { DQDV_FLAG_DEFAULTS } from '../flag-defaults.js';
import { loadOptions } from '../options.js';
import { checkCeFlag } from './ce.js';
import { settingsFrom } from './dqdv.js';
import { parseEdges } from './edges.js';
import { parseCount } from './numbers.js';
import { referenceChoice } from './reference.js';
import { parseSegments } from './retention.js';
import type { SummaryFlags } from './summary.js';

/** The flags `report` turns into its options. */
export interface ReportOptionFlags extends SummaryFlags {
  reference?: string;
  edges?: string;
  charts: boolean;
  cyclesShown: string;
  segments?: string;
}

/** `report`'s flags as the pipeline's options and the text report's; a named compare reference is read once, now. */
export async function reportOptionsFrom(flags: ReportOptionFlags): Promise<{ options: ReportOptions; text: ReportTextOptions }> {
  const ce = checkCeFlag(flags.ce);
  const segments = parseSegments(flags.segments);
  const edgesV = flags.edges === undefined ? null : parseEdges(flags.edges);
  const text = { cyclesShown: parseCount(flags.cyclesShown, '--cycles-shown', 1), charts: flags.charts };
  const reference = flags.reference !== undefined ? referenceChoice(flags.reference) : null;
  const cache: ReportOptions['cache'] = new Map();
  if (reference?.compare != null) cache.set(reference.compare, await loadReference(reference.compare));
  // dQ/dV exactly as `dqdv` runs without flags; the cycle and the labels are chosen per file.
  const dqdv = settingsFrom({ cycle: 'all', direction: 'both', ...DQDV_FLAG_DEFAULTS });
  return { options: { load: loadOptions(flags), ce, edgesV, segments, reference, dqdv, cache }, text };
}

/** --html needs an .html file name; --spec only goes with --figures. */
export function checkReportFigureFlags(flags: { html?: string; figures?: string; spec?: boolean }): void {
  if (flags.html !== undefined && extname(flags.html).toLowerCase() !== '.html' && extname(flags.html).toLowerCase() !== '.htm') {
    throw new CyclekitError('E_USAGE', `--html ${flags.html}: expected a file name ending in .html`);
  }
  if (flags.spec === true && flags.figures === undefined) throw new CyclekitError('E_USAGE', '--spec writes specs beside the SVGs of --figures DIR: pass --figures too');
}
