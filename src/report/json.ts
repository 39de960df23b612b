import { LazyItems } from '../util/lazy-items.js';
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
 *
 * Pieces are small (64 K characters): the texts gathered into a piece outlive a few young-
 * generation collections and are moved to the old generation, which V8 lets grow to about 4×
 * what is alive before collecting it. With 1 M-character pieces `dvdq --json` over 10,000
 * cycles (0.7 GB of JSON) peaked at 248 MB, its heap growing from 29 to 121 MB between
 * collections; with 64 K ones it stays at 131 MB, and runs faster.
 */
export function* envelopePieces(command: string, results: unknown[], pieceChars = 1 << 16): Generator<string> {
  let parts: string[] = [];
  let chars = 0;
  for (const text of jsonParts(envelopeValue(command, results), '', '')) {
    // A run of items is a piece of its own; brackets and keys gather until they make one.
    if (text.length >= pieceChars >> 4) {
      if (chars > 0) yield parts.join('');
      parts = [];
      chars = 0;
      yield text;
      continue;
    }
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

/** From about this many characters, --json output is written in pieces (envelopePieces). */
export const PIECES_FROM_CHARS = 16 << 20;

/**
 * The envelope as one string when it is small enough, else in pieces: one JSON.stringify is
 * faster (a 7 MB summary: about half the time of the pieces), pieces hold less memory (a
 * 37 MB report). The size is estimated from the first item of each long array.
 */
export function envelopeOutput(command: string, results: unknown[]): string | Iterable<string> {
  return estimatedChars(results, 0) >= PIECES_FROM_CHARS ? envelopePieces(command, results) : envelope(command, results);
}

function estimatedChars(value: unknown, depth: number): number {
  if (value === null || typeof value !== 'object' || depth > 8) return 0;
  if (value instanceof LazyItems) return itemsChars(value.length, (i) => value.item(i), depth);
  if (Array.isArray(value)) {
    if (value.length >= SPLIT_ARRAY_LENGTH) return itemsChars(value.length, (i) => value[i], depth);
    return value.reduce((n: number, v) => n + estimatedChars(v, depth + 1), 0);
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return 0;
  let n = 0;
  for (const v of Object.values(value as object)) n += estimatedChars(v, depth + 1);
  return n;
}

/**
 * A long array's characters from the mean of its first, middle and last items: items differ
 * (dqdv's first half cycle has one peak, the others two), and from the first alone the 20 MB
 * of `dqdv --json --cycle all` over 10,000 cycles was estimated under PIECES_FROM_CHARS and
 * written as one string, its peak memory 199 instead of 169 MB.
 */
function itemsChars(length: number, at: (index: number) => unknown, depth: number): number {
  if (length === 0) return 0;
  const sampled = [...new Set([0, length >> 1, length - 1])];
  const meanChars = sampled.reduce((n, i) => n + (JSON.stringify(at(i), null, 2)?.length ?? 4), 0) / sampled.length;
  return length * meanChars * (1 + depth / 4);
}

/** Arrays at least this long are written in runs of items; anything smaller in one JSON.stringify. */
const SPLIT_ARRAY_LENGTH = 64;
/** Items of a long array written by one JSON.stringify call. */
const ITEMS_PER_PIECE = 256;

/**
 * `value` as JSON.stringify(value, null, 2) would write it at indentation `indent`, splitting only
 * where the document is large: long arrays in runs of items, and the plain objects that lead
 * to them key by key. Everything else goes through JSON.stringify itself (re-indented: a JSON
 * string never holds a raw newline), so the rules for toJSON, undefined, functions, NaN and
 * key order are JSON.stringify's own. `prefix` (an object's `"key": `) is written only when the
 * value is, as JSON.stringify leaves out a key whose value it cannot write.
 */
function* jsonParts(value: unknown, prefix: string, indent: string): Generator<string, boolean> {
  if (!isLarge(value)) {
    const text = stringifyAt(value, indent);
    if (text === undefined) return false;
    yield prefix + text;
    return true;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value) || value instanceof LazyItems) {
    const length = value.length;
    // Lazy items are made a run at a time; an array's are already there.
    const run: unknown[] = [];
    const at = Array.isArray(value) ? (i: number): unknown => value[i] : (i: number): unknown => value.item(i);
    yield `${prefix}[`;
    for (let i = 0; i < length; ) {
      const lead = `${i === 0 ? '\n' : ',\n'}${inner}`;
      const first = at(i);
      if (isLarge(first, MAX_DEPTH - 2)) {
        if (!(yield* jsonParts(first, lead, inner))) yield `${lead}null`;
        i++;
        continue;
      }
      // A run of small items in one JSON.stringify: one call per item costs several times more.
      run.length = 0;
      run.push(first);
      // Items are checked two levels down only (a deeper long array is then written whole: the
      // same bytes, in a longer piece): a full walk of every item cost a third of the writing.
      let next: unknown;
      while (i + run.length < length && run.length < ITEMS_PER_PIECE && !isLarge((next = at(i + run.length)), MAX_DEPTH - 2)) run.push(next);
      const end = i + run.length;
      // "[\n{inner}item,\n{inner}item\n{indent}]" without its brackets: the lead is written already.
      yield lead;
      yield stringifyAt(run, indent)!.slice(2 + inner.length, -(indent.length + 2));
      i = end;
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

const MAX_DEPTH = 8;

/**
 * JSON.stringify(value, null, 2) as it reads at indentation `indent` (an even number of spaces):
 * the value wrapped in one-item arrays to that depth, so JSON.stringify indents it, and the
 * wrapping cut off — no second pass over the text to indent every line (a 37 MB report spent a
 * tenth of its time there). Primitives and values with their own toJSON are written directly:
 * in an array JSON.stringify would write `null` where it leaves such a value out.
 */
function stringifyAt(value: unknown, indent: string): string | undefined {
  const depth = indent.length / 2;
  if (depth === 0 || value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    const text = JSON.stringify(value, null, 2);
    return text === undefined || depth === 0 ? text : text.replaceAll('\n', `\n${indent}`);
  }
  let wrapped: unknown = value;
  for (let k = 0; k < depth; k++) wrapped = [wrapped];
  // "[\n" + "  [\n" + … (depth lines, 2j + 2 characters each), then the value at `indent`; the same closing.
  const cut = depth * (depth + 1);
  const text = JSON.stringify(wrapped, null, 2);
  return text.slice(cut + indent.length, text.length - cut);
}

/** A plain array of at least SPLIT_ARRAY_LENGTH items, or a plain array or object holding one (up to MAX_DEPTH levels down). */
function isLarge(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return false;
  if (value instanceof LazyItems) return value.length > 0;
  if (Array.isArray(value)) return value.length >= SPLIT_ARRAY_LENGTH || value.some((v) => isLarge(v, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  for (const v of Object.values(value as object)) if (isLarge(v, depth + 1)) return true;
  return false;
}
