import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COUPLE_DEFAULTS } from '../../src/analysis/couples.js';
import { BUNDLED_REFERENCES, REDOX_REFERENCES, simulatedPotentialV } from '../../src/references/load.js';
import { HE_V, NVP } from '../../src/sim/materials.js';
import { ROOT } from '../helpers/cli.js';

/** Reference data lives only in src/references/*.json; these facts tie its files together. */
const DIR = join(ROOT, 'src', 'references');
const json = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(DIR, name), 'utf8')) as Record<string, unknown>;

describe('src/references', () => {
  it('holds only JSON data and its one loader; every compare reference there is bundled, and only those', () => {
    const files = readdirSync(DIR).sort();
    expect(files.filter((f) => !f.endsWith('.json'))).toEqual(['load.ts']);
    const compare = files.filter((f) => f.endsWith('.json') && json(f).cyclekitReference === 1).map((f) => f.replace(/\.json$/, ''));
    expect(compare).toEqual([...BUNDLED_REFERENCES].sort());
  });

  it('the couples the analyses see are label and potential only, as in redox-couples.json', () => {
    expect(REDOX_REFERENCES['he-v'].couples).toEqual([
      { label: 'V³⁺/V²⁺', potentialV: 1.67 },
      { label: 'V⁴⁺/V³⁺', potentialV: 3.43 },
      { label: 'V⁵⁺/V⁴⁺', potentialV: 4.03 },
    ]);
    expect(REDOX_REFERENCES.nvp.couples).toEqual([
      { label: 'V³⁺/V²⁺', potentialV: 1.6 },
      { label: 'V⁴⁺/V³⁺', potentialV: 3.4 },
    ]);
    expect(Object.keys(REDOX_REFERENCES.nvp)).toEqual(['id', 'material', 'source', 'couples']);
  });

  it("a compare reference's plateau for a couple is that couple's potential in redox-couples.json", () => {
    let plateaus = 0;
    for (const id of BUNDLED_REFERENCES) {
      const quantities = json(`${id}.json`).quantities as { quantity: string; metric: string; reported: number }[];
      for (const q of quantities.filter((x) => x.metric === 'plateau')) {
        const label = q.quantity.replace(/^plateau /, '');
        const couple = REDOX_REFERENCES[id as 'he-v' | 'nvp'].couples.find((c) => c.label === label);
        expect(couple?.potentialV, `${id}: ${q.quantity}`).toBe(q.reported);
        plateaus++;
      }
    }
    expect(plateaus).toBe(4); // he-v: three couples; nvp: V⁴⁺/V³⁺
  });

  it("the simulator's plateaus are the table's couples; NVP's low plateau is the one stated drift, inside the labelling tolerance", () => {
    expect(HE_V.curve.plateaus.map((p) => p.potentialV)).toEqual(REDOX_REFERENCES['he-v'].couples.map((c) => c.potentialV));
    expect(NVP.curve.plateaus.map((p) => p.potentialV)).toEqual([1.63, 3.4]);
    expect(simulatedPotentialV('nvp', 'V³⁺/V²⁺')).toBe(1.63);
    const drift = Math.abs(simulatedPotentialV('nvp', 'V³⁺/V²⁺') - REDOX_REFERENCES.nvp.couples[0]!.potentialV);
    expect(drift).toBeLessThan(COUPLE_DEFAULTS.labelToleranceV);
    expect(() => simulatedPotentialV('nvp', 'V⁵⁺/V⁴⁺')).toThrow(/no couple/);
  });
});

describe("the simulator's materials and the compare references", () => {
  it('state the same formula, electrons and theoretical capacity (hand-written twice: a drift fails here)', () => {
    for (const [material, id] of [[HE_V, 'he-v'], [NVP, 'nvp']] as const) {
      const ref = json(`${id}.json`) as { formula: string; electrons: number; quantities: { metric: string; electrons?: number; reported: number }[] };
      expect(material.formula, id).toBe(ref.formula);
      expect(material.electrons, id).toBe(ref.electrons);
      const theoretical = ref.quantities.find((q) => q.metric === 'theoreticalCapacity' && q.electrons === undefined)!;
      expect(material.nominalCapacityMAhG, id).toBe(theoretical.reported);
    }
  });
});
