import type { Direction } from '../../analysis/half-cycle.js';
import { CyclekitError } from '../../model/errors.js';
import type { CeChoice } from '../../pipeline/summarise.js';
import type { PlotCycles, PlotOptions } from '../../pipeline/plot.js';
import { parseSize, parseTheme } from '../../report/figures/look.js';
import type { FigureLook } from '../../report/figures/types.js';
import { checkCeFlag } from './ce.js';
import { parseEdges } from './edges.js';
import { parseCount, parseFraction } from './numbers.js';
import { parseReference } from './reference.js';
import { parseSegments, retentionOptionsFrom, type RetentionFlags } from './retention.js';
import type { SummaryFlags } from './summary.js';
import { parseCycleSelection } from '../../segment/selection.js';
import { loadOptions } from '../options.js';

/** `plot`'s flags as commander hands them over. */
export interface PlotFlags extends SummaryFlags, Omit<RetentionFlags, keyof SummaryFlags> {
  output?: string;
  cycle?: string;
  direction?: string;
  edges: string;
  reference?: string;
  rateTolerance: string;
  size: string;
  dpi?: string;
  title?: string;
  theme: string;
  data?: string;
  spec?: string;
}

/** `--cycle`: a list as the other commands take it, or `every N` (the first cycle, then every N-th, and the last). */
export function parsePlotCycles(text: string | undefined): PlotCycles {
  if (text === undefined) return { kind: 'default' };
  const every = /^\s*every\s+(\d+)\s*$/i.exec(text);
  if (every) return { kind: 'every', n: parseCount(every[1]!, '--cycle every', 1) };
  return { kind: 'list', selection: parseCycleSelection(text) };
}

function parseDirection(text: string | undefined): Direction | 'both' | null {
  if (text === undefined) return null;
  if (text === 'both' || text === 'charge' || text === 'discharge') return text;
  throw new CyclekitError('E_USAGE', `--direction ${text}: expected charge, discharge or both`);
}

export function lookFrom(flags: { size: string; theme: string; title?: string }): FigureLook {
  return { size: parseSize(flags.size), theme: parseTheme(flags.theme), title: flags.title ?? null };
}

export function parseDpi(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 24 || n > 1200) throw new CyclekitError('E_USAGE', `--dpi ${text}: expected a resolution from 24 to 1200 dots per inch`);
  return n;
}

/**
 * The figure's typed options from the flags, every flag checked before a file is read. Flags
 * that only one kind reads are checked for that kind only (as before: `--edges` for windows,
 * the retention flags for retention, `--rate-tolerance` for rate).
 */
export function plotOptionsFrom(kind: string, flags: PlotFlags, onWarning: (text: string) => void): PlotOptions {
  checkCeFlag(flags.ce);
  const direction = parseDirection(flags.direction);
  if (kind === 'windows' && direction === 'both') throw new CyclekitError('E_USAGE', '--direction both: a windows figure stacks one direction; pass charge or discharge');
  return {
    load: loadOptions(flags),
    ce: flags.ce as CeChoice,
    cycles: parsePlotCycles(flags.cycle),
    direction,
    edgesV: kind === 'windows' ? parseEdges(flags.edges) : null,
    retention: kind === 'retention' ? { ...retentionOptionsFrom(flags), segments: parseSegments(flags.segments) } : null,
    rateTolerance: kind === 'rate' ? parseFraction(flags.rateTolerance, '--rate-tolerance') : null,
    reference: flags.reference === undefined || (kind !== 'dqdv' && kind !== 'peaks') ? undefined : parseReference(flags.reference),
    onWarning,
  };
}
