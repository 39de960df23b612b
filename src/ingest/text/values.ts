/**
 * Cell-level parsers shared by every text reader. They return NaN for "not a value"
 * so the row loop can count bad rows without throwing per cell.
 */

/** Parse a number written with '.' or ',' as the decimal mark. Empty → NaN. */
export function parseNumber(raw: string, decimalComma: boolean): number {
  let s = raw;
  if (s.length === 0) return Number.NaN;
  const c0 = s.charCodeAt(0);
  if (c0 === 32 || c0 === 9 || c0 === 34 || s.charCodeAt(s.length - 1) === 32) s = s.trim().replace(/^"|"$/g, '').trim();
  if (decimalComma) s = s.replace(',', '.');
  if (s.length === 0) return Number.NaN;
  // Number('') and Number(' ') are 0, and Number('0x1f') is 31: guard both.
  const n = Number(s);
  if (Number.isNaN(n)) return Number.NaN;
  const c = s.charCodeAt(0);
  if (c === 48 && (s.charCodeAt(1) | 32) === 120) return Number.NaN;
  return n;
}

const DURATION = /^\s*(?:(\d+)\s*d\s+|(\d+)[-.](?=\d+:))?(\d+):(\d{1,2}):(\d{1,2}(?:[.,]\d+)?)\s*$/;
const DURATION_MS = /^\s*(\d+):(\d{1,2}(?:[.,]\d+)?)\s*$/;

/**
 * Durations as cyclers write them: `hh:mm:ss(.fff)` (hours may exceed 24), `d-hh:mm:ss`,
 * `d.hh:mm:ss`, Maccor's `0d 00:00:0`, and `mm:ss`. Returns seconds or NaN.
 */
export function parseDuration(raw: string): number {
  const m = DURATION.exec(raw);
  if (m) {
    const days = Number(m[1] ?? m[2] ?? 0);
    return days * 86400 + Number(m[3]) * 3600 + Number(m[4]) * 60 + Number(m[5]!.replace(',', '.'));
  }
  const ms = DURATION_MS.exec(raw);
  if (ms) return Number(ms[1]) * 60 + Number(ms[2]!.replace(',', '.'));
  return Number.NaN;
}

const ISO_LIKE = /^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}(?:[.,]\d+)?))?\s*$/;
const US_LIKE = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}(?:[.,]\d+)?))?\s*(AM|PM)?\s*$/i;

/**
 * Wall-clock stamps (`2022-05-18 16:27:52`, `11/20/2024 11:38:41.707`) as seconds since
 * the Unix epoch, read as UTC: only differences between stamps are used, so the zone cancels.
 */
export function parseDateTime(raw: string): number {
  let m = ISO_LIKE.exec(raw);
  if (m) return utcSeconds(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, m[6]);
  m = US_LIKE.exec(raw);
  if (m) {
    let hour = +m[4]!;
    const ampm = m[7]?.toUpperCase();
    if (ampm === 'PM' && hour < 12) hour += 12;
    if (ampm === 'AM' && hour === 12) hour = 0;
    return utcSeconds(+m[3]!, +m[1]!, +m[2]!, hour, +m[5]!, m[6]);
  }
  return Number.NaN;
}

function utcSeconds(y: number, mo: number, d: number, h: number, mi: number, sec: string | undefined): number {
  const s = sec === undefined ? 0 : Number(sec.replace(',', '.'));
  return Date.UTC(y, mo - 1, d, h, mi, 0) / 1000 + s;
}

/** A time cell in any supported form: plain number (× scale), duration, or date-time. */
export type TimeForm = 'number' | 'duration' | 'datetime';

export function detectTimeForm(sample: string, decimalComma: boolean): TimeForm | null {
  if (!Number.isNaN(parseNumber(sample, decimalComma))) return 'number';
  if (!Number.isNaN(parseDuration(sample))) return 'duration';
  if (!Number.isNaN(parseDateTime(sample))) return 'datetime';
  return null;
}
