import type { InputFlags } from './options.js';
import type { CheckFlags } from './flags/check.js';
import type { EnergyFlags } from './flags/energy.js';
import type { RetentionFlags } from './flags/retention.js';
import type { SummaryFlags } from './flags/summary.js';

/**
 * A command's per-file work as a worker thread can call it: the command's flags (plain data,
 * sent to the worker) → typed options → the pipeline function for one file, whose result
 * survives structured cloning (plain objects, arrays, typed arrays; no functions or class
 * instances that the emitters depend on).
 *
 * The command passes the same function to `runPerFile`, so with `--jobs 1` (or one file) and
 * with more jobs the same work runs: both give byte-identical output. A command missing here
 * still works; its files are simply processed in the main thread. Each entry imports its
 * pipeline module when called: loading them all would slow every command's start.
 */
export type Work<F, R> = (flags: F) => Promise<(file: string) => Promise<R>>;

const summary: Work<SummaryFlags, import('../pipeline/summarise.js').SummaryResult> = async (flags) => {
  const [{ summariseFile }, { checkCeFlag }, { loadWith }] = await Promise.all([import('../pipeline/summarise.js'), import('./flags/ce.js'), import('./flags/summary.js')]);
  const ce = checkCeFlag(flags.ce);
  const load = loadWith(flags);
  return (file) => summariseFile(file, load, ce);
};

const check: Work<CheckFlags, import('../gate/outcome.js').CheckFileResult> = async (flags) => {
  const [{ checkFile }, { checkOptionsFrom }] = await Promise.all([import('../pipeline/check.js'), import('./flags/check.js')]);
  const options = checkOptionsFrom(flags);
  return (file) => checkFile(file, options);
};

const energy: Work<EnergyFlags, import('../pipeline/energy.js').EnergyFileResult> = async (flags) => {
  const [{ energyFile }, { energyFlagOptions }, { loadWith }] = await Promise.all([import('../pipeline/energy.js'), import('./flags/energy.js'), import('./flags/summary.js')]);
  const options = { load: loadWith(flags), energy: energyFlagOptions(flags) };
  return (file) => energyFile(file, options);
};

const retention: Work<RetentionFlags, import('../pipeline/retention.js').RetentionFileResult> = async (flags) => {
  const [{ retentionFile }, { retentionOptionsFrom, parseSegments }, { loadWith }] = await Promise.all([import('../pipeline/retention.js'), import('./flags/retention.js'), import('./flags/summary.js')]);
  const options = { ...retentionOptionsFrom(flags), segments: parseSegments(flags.segments), load: loadWith(flags) };
  return (file) => retentionFile(file, options);
};

const rate: Work<InputFlags & { rateTolerance: string }, import('../pipeline/rate.js').RateFileResult> = async (flags) => {
  const [{ rateFile }, { parseFraction }, { loadWith }] = await Promise.all([import('../pipeline/rate.js'), import('./flags/numbers.js'), import('./flags/summary.js')]);
  const options = { load: loadWith(flags), tolerance: parseFraction(flags.rateTolerance, '--rate-tolerance') };
  return (file) => rateFile(file, options);
};

const inspect: Work<InputFlags, import('../pipeline/inspect.js').InspectResult> = async (flags) => {
  const [{ inspectFile }, { loadWith }] = await Promise.all([import('../pipeline/inspect.js'), import('./flags/summary.js')]);
  const load = loadWith(flags);
  return (file) => inspectFile(file, load);
};

export const WORK = { summary, check, energy, retention, rate, inspect };

/** The work of `command` for a worker thread, or undefined when the command runs in the main thread only. */
export function workFor(command: string): Work<Record<string, unknown>, unknown> | undefined {
  return (WORK as Record<string, Work<never, unknown> | undefined>)[command] as Work<Record<string, unknown>, unknown> | undefined;
}
