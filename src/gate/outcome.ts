import type { RuleResult, RuleStatus } from './evaluate.js';

/** What `check` produces for one file: plain data, so it crosses worker threads unchanged. */
export interface CheckFileResult {
  format: string | null;
  massG: number | null;
  massSource: string | null;
  /** half-cathode, half-anode or full, and where that came from; null when the file was not read. */
  cellType?: string | null;
  cellTypeSource?: string | null;
  cRateBasis: string | null;
  cycleRule: string | null;
  cycleCount: number | null;
  /** Rows read, for progress and the report. */
  rows: number;
  status: 'pass' | 'fail';
  rules: RuleResult[];
  warnings: string[];
  /** Wall-clock seconds spent reading and checking the file (JUnit `time`); absent when not measured. */
  durationS?: number;
}

export interface RuleCounts {
  pass: number;
  fail: number;
  na: number;
}

export function countRules(rules: RuleResult[]): RuleCounts {
  const c: RuleCounts = { pass: 0, fail: 0, na: 0 };
  for (const r of rules) {
    if (r.status === 'pass') c.pass++;
    else if (r.status === 'fail') c.fail++;
    else c.na++;
  }
  return c;
}

/**
 * A file fails when any rule fails; with `naFails` (--fail-on-na) a rule that could not be
 * applied counts as failed too, for gates that must not pass on missing data.
 */
export function fileStatus(rules: RuleResult[], naFails: boolean): 'pass' | 'fail' {
  const bad = (s: RuleStatus): boolean => s === 'fail' || (naFails && s === 'n/a');
  return rules.some((r) => bad(r.status)) ? 'fail' : 'pass';
}
