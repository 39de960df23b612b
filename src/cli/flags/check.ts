import type { Spec } from '../../gate/spec.js';
import { CyclekitError } from '../../model/errors.js';
import type { CheckOptions } from '../../pipeline/check.js';
import { checkCeFlag } from './ce.js';
import { loadWith, type SummaryFlags } from './summary.js';

export interface CheckFlags extends SummaryFlags {
  spec?: string;
  report?: 'plain' | 'json' | 'junit' | 'csv' | 'github';
  sep?: string;
  decimal?: string;
  output?: string;
  failOnNa?: boolean;
  /** The validated spec, set by the action before any file is read (and sent to workers). */
  parsedSpec?: Spec;
}

/** The flags of `check` as the pipeline's options; the spec must have been read and validated. */
export function checkOptionsFrom(flags: CheckFlags): CheckOptions {
  if (!flags.parsedSpec) throw new CyclekitError('E_INTERNAL', 'internal error: check ran without a parsed spec');
  return { load: loadWith(flags), ce: checkCeFlag(flags.ce), spec: flags.parsedSpec, failOnNa: flags.failOnNa ?? false };
}
