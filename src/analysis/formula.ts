import { CyclekitError, fieldError } from '../model/errors.js';
import { ATOMIC_WEIGHTS } from './atomic-weights.js';

/** A parsed chemical formula: element → amount per formula unit, in order of first appearance. */
export interface Composition {
  formula: string;
  elements: Map<string, number>;
  /** Net charge written at the end (`^3-`, `2+`), ignored for the molar mass (electron mass ≈ 5e-4 g/mol). */
  charge: number | null;
}

const HYDRATE_SEPARATORS = new Set(['·', '•', '⋅', '*']);
const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';
const CLOSER: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

function fail(formula: string, message: string, position: number): never {
  // Positions are 1-based so users can count characters in what they typed.
  throw new CyclekitError('E_USAGE', `formula '${formula}': ${message} at position ${position}`);
}

/**
 * Parse a formula such as `Na3.2V1.5Cr0.1Mn0.1Fe0.1Al0.1Mg0.1(PO4)3`, `[Fe(CN)6]`,
 * `CuSO4·5H2O` or `CuSO4*5H2O`. Grammar (whitespace ignored):
 *
 *     formula := part ( SEP number? part )*         SEP := · • ⋅ *
 *     part    := group+
 *     group   := Element count? | '(' part ')' count? | '[' part ']' count? | '{' part '}' count?
 *     count   := 12 | 3.2 | .5 | ₁₂ (subscript digits)
 *
 * A '.' is always a decimal point, never a hydrate separator (`CuSO4.5H2O` would be ambiguous).
 * Errors name the 1-based position of the offending character.
 */
export function parseFormula(input: string): Composition {
  const formula = input.trim();
  if (formula.length === 0) throw fieldError('E_USAGE', 'formula', (name) => `formula is empty: pass e.g. ${name('formula')} "Na3V2(PO4)3"`);
  let text = formula;
  let charge: number | null = null;
  const ch = /\^?\{?(\d*)([+-])\}?$/.exec(text);
  if (ch && ch.index > 0) {
    charge = (ch[2] === '-' ? -1 : 1) * (ch[1] ? Number(ch[1]) : 1);
    text = text.slice(0, ch.index);
  }
  const hydrate = /\d\.\d+H2O/.exec(text);
  // 'CuSO4.5H2O' reads as O4.5 + H2O: almost certainly a hydrate written with a full stop.
  if (hydrate) fail(formula, `'${hydrate[0]}' looks like a hydrate written with '.'; write CuSO4·5H2O or CuSO4*5H2O (a '.' is a decimal point)`, hydrate.index + 2);
  let pos = 0;

  const skipSpace = (): void => {
    while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  };

  const readCount = (): number | null => {
    skipSpace();
    const start = pos;
    if (pos < text.length && SUBSCRIPTS.includes(text[pos]!)) {
      let digits = '';
      while (pos < text.length && SUBSCRIPTS.includes(text[pos]!)) digits += String(SUBSCRIPTS.indexOf(text[pos++]!));
      return Number(digits);
    }
    const m = /^(\d+(?:\.\d+)?|\.\d+)/.exec(text.slice(pos));
    if (!m) {
      if (text[pos] === '.') fail(formula, "'.' is not followed by digits (write hydrates with · or *, e.g. CuSO4·5H2O)", pos + 1);
      return null;
    }
    pos += m[0].length;
    const value = Number(m[0]);
    if (!(value > 0)) fail(formula, `count '${m[0]}' must be positive`, start + 1);
    return value;
  };

  const add = (into: Map<string, number>, from: Map<string, number>, times: number): void => {
    for (const [el, n] of from) into.set(el, (into.get(el) ?? 0) + n * times);
  };

  const readPart = (closer: string | null, openedAt: number): Map<string, number> => {
    const out = new Map<string, number>();
    let groups = 0;
    for (;;) {
      skipSpace();
      if (pos >= text.length) {
        if (closer !== null) fail(formula, `'${text[openedAt]}' opened here is never closed (expected '${closer}')`, openedAt + 1);
        break;
      }
      const c = text[pos]!;
      if (c === closer) {
        if (groups === 0) fail(formula, `empty '${text[openedAt]}${closer}'`, openedAt + 1);
        pos++;
        break;
      }
      if (c in CLOSER) {
        const at = pos++;
        const inner = readPart(CLOSER[c]!, at);
        add(out, inner, readCount() ?? 1);
      } else if (/[A-Z]/.test(c)) {
        const at = pos;
        const two = text.slice(pos, pos + 2);
        const symbol = /^[A-Z][a-z]$/.test(two) ? two : c;
        if (!ATOMIC_WEIGHTS.has(symbol)) fail(formula, `unknown element '${symbol}'`, at + 1);
        pos += symbol.length;
        add(out, new Map([[symbol, 1]]), readCount() ?? 1);
      } else if (c === ')' || c === ']' || c === '}') {
        fail(formula, `'${c}' has no matching opening bracket`, pos + 1);
      } else if (HYDRATE_SEPARATORS.has(c)) {
        if (closer !== null) fail(formula, `hydrate separator '${c}' inside brackets`, pos + 1);
        break;
      } else if (/[a-z]/.test(c)) {
        fail(formula, `'${c}' cannot start an element symbol (symbols start with a capital letter)`, pos + 1);
      } else if (/[\d.]/.test(c) || SUBSCRIPTS.includes(c)) {
        fail(formula, `number '${c}' with nothing before it to count`, pos + 1);
      } else {
        fail(formula, `unexpected character '${c}'`, pos + 1);
      }
      groups++;
    }
    if (groups === 0) fail(formula, 'expected an element or a bracket', pos + 1);
    return out;
  };

  const elements = new Map<string, number>();
  add(elements, readPart(null, 0), 1);
  while (pos < text.length) {
    const sepAt = pos++;
    skipSpace();
    if (pos >= text.length) fail(formula, `nothing after '${text[sepAt]}'`, sepAt + 1);
    const coefficient = readCount() ?? 1;
    add(elements, readPart(null, sepAt), coefficient);
  }
  return { formula, elements, charge };
}

/** Molar mass M = Σ nᵢ·Aᵢ, g mol⁻¹, with Aᵢ the standard atomic weights of `atomic-weights.ts`. */
export function molarMass(composition: Composition): number {
  let m = 0;
  for (const [el, n] of composition.elements) m += n * ATOMIC_WEIGHTS.get(el)!.weight;
  return m;
}
