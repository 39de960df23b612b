import type { RetentionOptions } from '../../analysis/retention.js';
import type { Segments } from '../../pipeline/retention.js';
import type { InputFlags } from '../options.js';
import { parseCount, parseFraction } from './numbers.js';

export interface RetentionFlags extends InputFlags {
  referenceCycle?: string;
  skipFormation: string;
  segments?: string;
  threshold: string;
  boundaryWindow: string;
}

/** `--segments 5000` → every 5000 cycles; `--segments 100,500,2000` → those ends; absent → none. */
export function parseSegments(spec: string | undefined): Segments | null {
  if (spec === undefined) return null;
  if (spec.includes(',')) return { ends: spec.split(',').map((s) => parseCount(s, '--segments', 1)) };
  return { every: parseCount(spec, '--segments', 1) };
}

export function retentionOptionsFrom(flags: RetentionFlags): Omit<RetentionOptions, 'segmentEnds'> {
  return {
    referenceCycle: flags.referenceCycle === undefined ? null : parseCount(flags.referenceCycle, '--reference-cycle'),
    skipFormation: parseCount(flags.skipFormation, '--skip-formation'),
    threshold: parseFraction(flags.threshold, '--threshold'),
    boundaryWindow: parseCount(flags.boundaryWindow, '--boundary-window', 1),
  };
}
