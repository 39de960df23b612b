import { BUNDLED_REFERENCES, REDOX_REFERENCES, redoxReference, type RedoxReference } from '../../references/load.js';
import { CyclekitError } from '../../model/errors.js';
import type { ReferenceChoice } from '../../pipeline/report.js';

/** he-v, nvp, or your own table: "A=3.4,B=1.6" (label=potential in V). */
export function parseReference(text: string): RedoxReference {
  const known = redoxReference(text.trim().toLowerCase());
  if (known) return known;
  const couples = text.split(',').map((part) => {
    const m = /^\s*([^=]+?)\s*=\s*([0-9.]+)\s*V?\s*$/i.exec(part);
    if (!m) throw new CyclekitError('E_USAGE', `--reference ${text}: expected ${Object.keys(REDOX_REFERENCES).join(', ')} or a table such as "Fe3+/Fe2+=3.45,V4+/V3+=3.4"`);
    return { label: m[1]!, potentialV: Number(m[2]) };
  });
  return { id: 'custom', material: 'custom', source: '--reference', couples };
}

/** How `report --reference` is read: a bundled id serves both labels and compare; a couple table only labels; anything else is a compare JSON file. */
export function referenceChoice(text: string): ReferenceChoice {
  const t = text.trim();
  const known = redoxReference(t.toLowerCase());
  if (known) return { labels: known, compare: BUNDLED_REFERENCES.includes(t.toLowerCase()) ? t.toLowerCase() : null };
  if (t.includes('=')) return { labels: parseReference(t), compare: null };
  return { labels: null, compare: t };
}
