import type { Probe, SniffResult } from '../contract.js';

/** The probe's first lines, without line ends; enough for every vendor's signature. */
export function probeLines(probe: Probe, count = 400): string[] {
  if (probe.text.length === 0) return [];
  return probe.text.split(/\r?\n/, count);
}

/** Header cells of one line as written, split on the line's most frequent delimiter. */
/** The delimiter a header line uses most: tab, comma or semicolon. */
export function delimiterOf(line: string): string {
  const counts = ['\t', ',', ';'].map((d) => ({ d, n: line.split(d).length }));
  return counts.reduce((a, b) => (b.n > a.n ? b : a)).d;
}

export function headerCells(line: string): string[] {
  return line.split(delimiterOf(line)).map((c) => c.trim().replace(/^"|"$/g, '').replace(/^\ufeff/, ''));
}

/**
 * The first line (within `limit`) whose cells include every required name, compared case-
 * and space-insensitively; -1 when none does. Column names are a vendor's clearest signature.
 */
export function findHeaderLine(lines: string[], required: string[], limit = 400): number {
  const want = required.map(squash);
  for (let i = 0; i < Math.min(lines.length, limit); i++) {
    const line = lines[i]!;
    if (line.length === 0) continue;
    const cells = new Set(headerCells(line).map(squash));
    if (want.every((w) => cells.has(w))) return i;
  }
  return -1;
}

/** A sniff verdict naming the header line and the columns that decided it. */
export function byColumns(lines: string[], required: string[], confidence: number, vendor: string): SniffResult | null {
  const at = findHeaderLine(lines, required);
  if (at < 0) return null;
  return { confidence, reason: `${vendor}: header on line ${at + 1} has ${required.map((r) => `'${r}'`).join(', ')}` };
}

function squash(s: string): string {
  return s.toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Key/value pairs from preamble lines written as `Key:<tab>Value<tab>Key2:<tab>Value2` or
 * `Key:,Value` (Maccor, PEC, Novonix, BaSyTec). Keys lose their trailing colon; the first
 * occurrence wins.
 */
export function keyValues(lines: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const put = (k: string, v: string): void => {
    // "Today's Date 10/10/2019  Date of Test:" — the key is what follows the last wide gap.
    const key = (k.split(/\s{2,}/).pop() ?? '').trim().replace(/^[~#]+/, '').replace(/\s*:\s*$/, '').trim().toLowerCase();
    // "…\\file.052 Procedure: X" — a value may carry further "Key: value" pairs after a space.
    const parts = v.split(/\s+(?=[A-Z][A-Za-z/#. ]{1,30}?:\s)/);
    const value = parts[0]!.trim();
    if (key.length > 0 && value.length > 0 && !out.has(key)) out.set(key, value);
    for (const extra of parts.slice(1)) {
      const m = /^([^:]+?):\s+(.*)$/.exec(extra);
      if (m) put(m[1]!, m[2]!);
    }
  };
  for (const raw of lines) {
    const line = raw.replace(/^[~#]+/, '');
    const cells = line.includes('\t') ? line.split('\t') : line.includes(',') && /:,/.test(line) ? line.split(',') : [line];
    if (cells.length === 1) {
      const m = /^([^:]{1,60}?)\s*:\s*(.*)$/.exec(line);
      if (m) put(m[1]!, m[2]!);
      continue;
    }
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!.trim();
      const inline = /^([^:]{1,60}?)\s*:\s*(\S.*)$/.exec(cell);
      if (inline && !/^\d/.test(cell)) put(inline[1]!, inline[2]!);
      else if (cell.endsWith(':')) put(cell, cells[i + 1] ?? '');
      else if (i === 0 && cells.length === 2) put(cell, cells[1]!);
    }
  }
  return out;
}

