import { describe, expect, it } from 'vitest';
import { retention } from '../../src/analysis/retention.js';
import { inFlagTerms } from '../../src/cli/flag-names.js';
import { CyclekitError, fieldError } from '../../src/model/errors.js';
import { cli, writeTemp } from '../helpers/cli.js';

/** Analyses name option fields; the CLI names flags, once (src/cli/flag-names.ts); check names spec keys. */
describe('option fields and flags', () => {
  const DEMO = 'fixtures/demo/cc-demo.csv';

  it('a field error is worded again with flags; other errors and unknown fields are left as they are', () => {
    const e = fieldError('E_USAGE', 'referenceCycle', (name) => `${name('referenceCycle')} 9: no such cycle; see ${name('unmapped')}`);
    expect([e.field, e.message]).toEqual(['referenceCycle', 'referenceCycle 9: no such cycle; see unmapped']);
    expect(inFlagTerms(e).message).toBe('--reference-cycle 9: no such cycle; see unmapped');
    // Naming twice is harmless: the message is worded from its parts, not rewritten.
    expect(inFlagTerms(e).message).toBe('--reference-cycle 9: no such cycle; see unmapped');
    expect(inFlagTerms(new CyclekitError('E_USAGE', 'referenceCycle stays')).message).toBe('referenceCycle stays');
  });

  it('the library names the field, the CLI the flag, check the spec key', () => {
    const cycles = [1, 2, 3].map((cycle) => ({ cycle, dischargeCapacityMAh: 1, chargeCapacityMAh: 1, cRate: null }) as unknown as Parameters<typeof retention>[0][number]);
    expect(() => retention(cycles, { referenceCycle: 99, skipFormation: 0, segmentEnds: [], threshold: 0.8, boundaryWindow: 1 })).toThrow('referenceCycle 99: no such cycle (cycles 1–3)');
    const r = cli(['retention', '--reference-cycle', '99', DEMO]);
    expect([r.code, r.stderr]).toEqual([2, `cyclekit: ${DEMO}: --reference-cycle 99: no such cycle (cycles 1–3)\n`]);
    const json = JSON.parse(cli(['retention', '--json', '--reference-cycle', '99', DEMO]).stdout).results[0].error;
    expect(json).toEqual({ code: 'E_USAGE', message: '--reference-cycle 99: no such cycle (cycles 1–3)', line: null, column: null });
    const energy = cli(['energy', '--basis', 'active', '--mass', '1mg', DEMO]);
    expect(energy.stderr).toBe(`cyclekit: ${DEMO}: --basis active needs the anode active mass: pass --anode-mass (e.g. --anode-mass 1.6mg) or add anodeMassMg to cell.yaml\n`);
    const spec = writeTemp('ref-99.yaml', 'rules:\n  - metric: retention\n    referenceCycle: 99\n    min: 0.5\n');
    const rule = JSON.parse(cli(['check', '--spec', spec, '--report', 'json', '-q', DEMO]).stdout).results[0].rules[0];
    expect([rule.status, rule.reason]).toEqual(['n/a', 'referenceCycle 99: no such cycle (cycles 1–3)']);
  });
});
