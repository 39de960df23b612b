import { VERSION } from '../version.js';

/** The one JSON document every command prints with --json (CLI.md "JSON envelope"). */
export function envelope(command: string, results: unknown[]): string {
  // JSON.stringify already writes NaN and ±Infinity as null, the contract's "absent".
  return JSON.stringify(envelopeValue(command, results), null, 2) + '\n';
}

function envelopeValue(command: string, results: unknown[]): object {
  return { cyclekit: VERSION, command, results };
}

/**
 * The envelope in pieces of about `pieceChars` characters: joined, the same bytes as envelope(),
 * without ever holding the whole document as one string. `report --json` over 10,000 cycles is
 * a 37 MB document; as one string (two bytes a character once it holds a `∫`), plus its copy
 * into the output buffer, it cost more memory than all the data behind it.
 */
export function* envelopePieces(command: string, results: unknown[], pieceChars = 1 << 20): Generator<string> {
  let parts: string[] = [];
  let chars = 0;
  for (const text of jsonParts(envelopeValue(command, results), '', '')) {
    parts.push(text);
    chars += text.length;
    if (chars >= pieceChars) {
      yield parts.join('');
      parts = [];
      chars = 0;
    }
  }
  parts.push('\n');
  yield parts.join('');
}

/** Arrays at least this long are written element by element; anything smaller in one JSON.stringify. */
const SPLIT_ARRAY_LENGTH = 64;

/**
 * `value` as JSON.stringify(value, null, 2) would write it at indentation `indent`, splitting only
 * where the document is large: long arrays element by element, and the plain objects that lead
 * to them key by key. Everything else goes through JSON.stringify itself (re-indented: a JSON
 * string never holds a raw newline), so the rules for toJSON, undefined, functions, NaN and
 * key order are JSON.stringify's own. `prefix` (an object's `"key": `) is written only when the
 * value is, as JSON.stringify leaves out a key whose value it cannot write.
 */
function* jsonParts(value: unknown, prefix: string, indent: string): Generator<string, boolean> {
  if (!isLarge(value)) {
    const text = JSON.stringify(value, null, 2);
    if (text === undefined) return false;
    yield prefix + (indent === '' ? text : text.replaceAll('\n', `\n${indent}`));
    return true;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    yield `${prefix}[`;
    for (let i = 0; i < value.length; i++) {
      const lead = `${i === 0 ? '\n' : ',\n'}${inner}`;
      if (!(yield* jsonParts(value[i], lead, inner))) yield `${lead}null`;
    }
    yield `\n${indent}]`;
    return true;
  }
  yield `${prefix}{`;
  let first = true;
  for (const [k, v] of Object.entries(value as object)) {
    if (yield* jsonParts(v, `${first ? '\n' : ',\n'}${inner}${JSON.stringify(k)}: `, inner)) first = false;
  }
  yield first ? '}' : `\n${indent}}`;
  return true;
}

/** A plain array of at least SPLIT_ARRAY_LENGTH items, or a plain array or object holding one (up to 8 levels down). */
function isLarge(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== 'object' || depth > 8) return false;
  if (Array.isArray(value)) return value.length >= SPLIT_ARRAY_LENGTH || value.some((v) => isLarge(v, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  for (const v of Object.values(value as object)) if (isLarge(v, depth + 1)) return true;
  return false;
}
