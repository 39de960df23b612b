import { describe, expect, it } from 'vitest';
import { CyclekitError } from '../../src/model/errors.js';
import { join } from 'node:path';
import { asCyclekitError, errorLine } from '../../src/cli/run.js';
import { reportOptionsFrom } from '../../src/cli/flags/report.js';
import { reportFile } from '../../src/pipeline/report.js';
import { ROOT } from '../helpers/cli.js';

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

describe("report's 'not available' is for the data, not for bugs", () => {
  const file = join(ROOT, 'fixtures', 'he-v', 'he-v-0.2C.csv');
  const flags = { col: [], cycleRule: 'auto', restCurrent: '1e-7', ce: 'auto', edges: '3.0,3.6', charts: false, cyclesShown: '12' };

  it('an analysis that meets a bug fails the file instead of printing "not available"', async () => {
    const { options } = await reportOptionsFrom(flags);
    // A Symbol where the dQ/dV section expects a number makes the analysis throw a TypeError
    // inside the section: a stand-in for any bug in an analysis.
    const buggy = { ...options, dqdv: { ...options.dqdv, dqdv: { ...options.dqdv.dqdv, stepV: Symbol('bug') as unknown as number } } };
    await expect(reportFile(file, buggy)).rejects.toBeInstanceOf(TypeError);
  });

  it('the same report without the bug produces every section', async () => {
    const { options } = await reportOptionsFrom(flags);
    const r = await reportFile(file, options);
    expect(r.failed.size).toBe(0);
    expect(r.dqdv?.cycle).toBe(2);
    expect(r.windows?.cycles.length).toBe(4);
  });
});
