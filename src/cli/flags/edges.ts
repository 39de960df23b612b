import { validateEdges } from '../../analysis/windows.js';
import { CyclekitError } from '../../model/errors.js';

/** `--edges 3.0,3.6`: ascending voltages, a trailing V allowed. */
export function parseEdges(text: string): number[] {
  // Number('') is 0: an empty part ("--edges ,3.4") must be an error, not a 0 V edge.
  const values = text.split(',').map((s) => (s.trim() === '' ? Number.NaN : Number(s.trim().replace(/v$/i, ''))));
  try {
    return validateEdges(values);
  } catch (err) {
    throw new CyclekitError('E_USAGE', `--edges ${text}: ${(err as Error).message}; expected ascending voltages such as 3.0,3.6`);
  }
}
