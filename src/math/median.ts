import { lazy } from '../util/lazy.js';

/** simple-statistics is loaded on first use: most runs never take a median. */
const stats = lazy<typeof import('simple-statistics')>('simple-statistics');

export function median(xs: number[]): number {
  return stats().median(xs);
}
