import { describe, expect, it } from 'vitest';
import { CyclekitError } from '../../src/model/errors.js';
import { asCyclekitError, errorLine } from '../../src/cli/run.js';

/** A bug is E_INTERNAL: never mistaken for an unreadable file (E_IO) or a property of the data. */
describe('E_INTERNAL', () => {
  it('an exception that is not a CyclekitError becomes E_INTERNAL, naming the file', () => {
    const e = asCyclekitError(new TypeError("Cannot read properties of undefined (reading 'x')"), 'a.csv');
    expect(e.code).toBe('E_INTERNAL');
    expect(e.file).toBe('a.csv');
    expect(e.toJSON()).toMatchObject({ code: 'E_INTERNAL', message: "internal error: Cannot read properties of undefined (reading 'x')" });
  });

  it('a CyclekitError keeps its own code', () => {
    expect(asCyclekitError(new CyclekitError('E_FORMAT', 'bad'), 'a.csv').code).toBe('E_FORMAT');
  });

  it('renders as one line without a stack unless --debug', () => {
    const line = errorLine(new RangeError('boom'), 'a.csv');
    expect(line).toBe('cyclekit: a.csv: internal error: boom (rerun with --debug for details)');
    expect(errorLine(new RangeError('boom'), 'a.csv', true)).toMatch(/\n\s+at /);
  });
});
