import { readFileSync } from 'node:fs';

/**
 * The one loader of cyclekit's bundled reference data, which lives only in this folder's JSON
 * files: the compare references (`he-v.json`, `nvp.json`: what a paper reports) and the redox
 * couples (`redox-couples.json`: potentials that label dQ/dV couples and place the simulator's
 * plateaus). The JSON is read from `src/references/` (package.json `files` ships it), which is
 * two folders up from this module both as `src/references/load.ts` and `dist/references/load.js`.
 */
export const BUNDLED_REFERENCE_DIR = new URL('../../src/references/', import.meta.url);

/**
 * The compare references shipped with cyclekit (`<id>.json` in this folder). A list rather than
 * a directory scan so that help text can name them without reading the folder.
 */
export const BUNDLED_REFERENCES = ['he-v', 'nvp'];

export interface RedoxCoupleReference {
  /** e.g. "V⁴⁺/V³⁺". */
  label: string;
  potentialV: number;
}

export interface RedoxReference {
  id: string;
  material: string;
  /** Where the numbers come from. */
  source: string;
  couples: RedoxCoupleReference[];
}

/** A couple as redox-couples.json stores it: the simulator may place its plateau elsewhere, saying why. */
interface StoredCouple extends RedoxCoupleReference {
  simulatedPotentialV?: number;
  simulatedWhy?: string;
}

interface StoredReference extends Omit<RedoxReference, 'couples'> {
  couples: StoredCouple[];
}

/** The ids redox-couples.json must hold: code names them (tests, the simulator's cells). */
export type RedoxReferenceId = 'he-v' | 'nvp';
const REDOX_IDS: RedoxReferenceId[] = ['he-v', 'nvp'];

function readBundledJson(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, BUNDLED_REFERENCE_DIR), 'utf8'));
}

/** A broken table is a packaging bug, found by the first command that starts, not a user error. */
function storedReferences(doc: unknown): StoredReference[] {
  const table = doc as { cyclekitRedoxCouples?: unknown; references?: unknown };
  if (table?.cyclekitRedoxCouples !== 1 || !Array.isArray(table.references)) throw new Error('redox-couples.json: expected { "cyclekitRedoxCouples": 1, "references": [...] }');
  for (const r of table.references as StoredReference[]) {
    const fine =
      typeof r.id === 'string' &&
      typeof r.material === 'string' &&
      typeof r.source === 'string' &&
      Array.isArray(r.couples) &&
      r.couples.every((c) => typeof c.label === 'string' && Number.isFinite(c.potentialV) && (c.simulatedPotentialV === undefined || (Number.isFinite(c.simulatedPotentialV) && typeof c.simulatedWhy === 'string')));
    if (!fine) throw new Error(`redox-couples.json: reference ${JSON.stringify(r?.id)} needs id, material, source and couples of { label, potentialV } (a simulatedPotentialV with its simulatedWhy)`);
  }
  return table.references as StoredReference[];
}

const STORED = storedReferences(readBundledJson('redox-couples.json'));

function stored(id: RedoxReferenceId): StoredReference {
  const found = STORED.find((r) => r.id === id);
  if (!found) throw new Error(`redox-couples.json has no reference '${id}'`);
  return found;
}

/** What the analyses see (and JSON outputs print): id, material, source, and couples of label and potential. */
export const REDOX_REFERENCES: Record<RedoxReferenceId, RedoxReference> = Object.fromEntries(
  REDOX_IDS.map((id) => {
    const r = stored(id);
    return [id, { id: r.id, material: r.material, source: r.source, couples: r.couples.map((c) => ({ label: c.label, potentialV: c.potentialV })) }];
  }),
) as Record<RedoxReferenceId, RedoxReference>;

export function redoxReference(id: string): RedoxReference | null {
  return Object.hasOwn(REDOX_REFERENCES, id) ? REDOX_REFERENCES[id as RedoxReferenceId] : null;
}

/** The reference couple nearest to a potential, if within `toleranceV`. */
export function nearestCouple(reference: RedoxReference, potentialV: number, toleranceV: number): RedoxCoupleReference | null {
  let best: RedoxCoupleReference | null = null;
  for (const c of reference.couples) {
    const d = Math.abs(c.potentialV - potentialV);
    if (d <= toleranceV && (best === null || d < Math.abs(best.potentialV - potentialV))) best = c;
  }
  return best;
}

/** Where the simulator puts a couple's plateau: the reference potential unless the table says otherwise and why. */
export function simulatedPotentialV(id: RedoxReferenceId, label: string): number {
  const couple = stored(id).couples.find((c) => c.label === label);
  if (!couple) throw new Error(`redox-couples.json: reference '${id}' has no couple ${label}`);
  return couple.simulatedPotentialV ?? couple.potentialV;
}
