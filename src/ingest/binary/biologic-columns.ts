/**
 * BioLogic .mpr data columns: numeric id → the name EC-Lab prints in the .mpt header, and the
 * stored type. Ids 1, 2, 3, 21, 31 and 65 are bit fields of one shared flags byte.
 *
 * The table is the union of the publicly documented ids (galvani's BioLogic.py, yadg's
 * eclab mpr_columns, cheminfo's biologic-converter ids.ts), checked against the real files in
 * fixtures/real/biologic (each .mpr against its .mpt twin where there is one). Ids marked
 * "width measured" were seen in a real file without a public name: their width was the only
 * one the row length allows, and cyclekit keeps them as `id N` without using them.
 * docs/formats/biologic.md lists every id with the file that tests it.
 */
export type ColumnType = 'u8' | 'u16' | 'u32' | 'f32' | 'f64';

export const TYPE_BYTES: Record<ColumnType, number> = { u8: 1, u16: 2, u32: 4, f32: 4, f64: 8 };

/** Flag columns: id → [name, mask]. */
export const FLAG_COLUMNS: Record<number, [string, number]> = {
  1: ['mode', 0x03],
  2: ['ox/red', 0x04],
  3: ['error', 0x08],
  21: ['control changes', 0x10],
  31: ['Ns changes', 0x20],
  65: ['counter inc.', 0x80],
};

export const VALUE_COLUMNS: Record<number, [string, ColumnType]> = {
  4: ['time/s', 'f64'],
  5: ['control/V/mA', 'f32'],
  6: ['Ewe/V', 'f32'],
  7: ['dq/mA.h', 'f64'],
  8: ['I/mA', 'f32'],
  9: ['Ece/V', 'f32'],
  11: ['<I>/mA', 'f64'],
  13: ['(Q-Qo)/mA.h', 'f64'],
  16: ['Analog IN 1/V', 'f32'],
  17: ['Analog IN 2/V', 'f32'],
  19: ['control/V', 'f32'],
  20: ['control/mA', 'f32'],
  23: ['dQ/mA.h', 'f64'],
  24: ['cycle number', 'f64'],
  32: ['freq/Hz', 'f32'],
  33: ['|Ewe|/V', 'f32'],
  34: ['|I|/A', 'f32'],
  35: ['Phase(Z)/deg', 'f32'],
  36: ['|Z|/Ohm', 'f32'],
  37: ['Re(Z)/Ohm', 'f32'],
  38: ['-Im(Z)/Ohm', 'f32'],
  39: ['I Range', 'u16'],
  69: ['R/Ohm', 'f32'],
  70: ['P/W', 'f32'],
  74: ['|Energy|/W.h', 'f64'],
  75: ['Analog OUT/V', 'f32'],
  76: ['<I>/mA', 'f32'],
  77: ['<Ewe>/V', 'f32'],
  78: ['Cs-2/µF-2', 'f32'],
  96: ['|Ece|/V', 'f32'],
  98: ['Phase(Zce)/deg', 'f32'],
  99: ['|Zce|/Ohm', 'f32'],
  100: ['Re(Zce)/Ohm', 'f32'],
  101: ['-Im(Zce)/Ohm', 'f32'],
  123: ['Energy charge/W.h', 'f64'],
  124: ['Energy discharge/W.h', 'f64'],
  125: ['Capacitance charge/µF', 'f64'],
  126: ['Capacitance discharge/µF', 'f64'],
  131: ['Ns', 'u16'],
  163: ['|Estack|/V', 'f32'],
  168: ['Rcmp/Ohm', 'f32'],
  169: ['Cs/µF', 'f32'],
  172: ['Cp/µF', 'f32'],
  173: ['Cp-2/µF-2', 'f32'],
  // EC-Lab 11.4x writes the averaged potential under this id (cp.issue_61.mpr ≡ its .mpt).
  174: ['<Ewe>/V', 'f32'],
  178: ['(Q-Qo)/C', 'f32'],
  179: ['dQ/C', 'f32'],
  182: ['step time/s', 'f64'],
  211: ['Q charge/discharge/C', 'f64'],
  217: ['THD Ewe/%', 'f32'],
  241: ['|E1|/V', 'f32'],
  242: ['|E2|/V', 'f32'],
  271: ['Phase(Z1)/deg', 'f32'],
  272: ['Phase(Z2)/deg', 'f32'],
  295: ['I Range', 'u16'],
  301: ['|Z1|/Ohm', 'f32'],
  302: ['|Z2|/Ohm', 'f32'],
  326: ['P/W', 'f32'],
  331: ['Re(Z1)/Ohm', 'f32'],
  332: ['Re(Z2)/Ohm', 'f32'],
  361: ['-Im(Z1)/Ohm', 'f32'],
  362: ['-Im(Z2)/Ohm', 'f32'],
  379: ['Energy charge/W.h', 'f64'],
  391: ['<E1>/V', 'f32'],
  392: ['<E2>/V', 'f32'],
  422: ['Phase(Zstack)/deg', 'f32'],
  423: ['|Zstack|/Ohm', 'f32'],
  424: ['Re(Zstack)/Ohm', 'f32'],
  425: ['-Im(Zstack)/Ohm', 'f32'],
  426: ['<Estack>/V', 'f32'],
  430: ['Phase(Zwe-ce)/deg', 'f32'],
  431: ['|Zwe-ce|/Ohm', 'f32'],
  432: ['Re(Zwe-ce)/Ohm', 'f32'],
  433: ['-Im(Zwe-ce)/Ohm', 'f32'],
  434: ['(Q-Qo)/C', 'f32'],
  435: ['dQ/C', 'f32'],
  // Width measured (gcpl.issue_230.mpr, EC-Lab ≥ 11.50): no public name; not used.
  438: ['id 438', 'f64'],
  441: ['<Ecv>/V', 'f32'],
  462: ['Temperature/°C', 'f32'],
  467: ['Q charge/discharge/mA.h', 'f64'],
  468: ['half cycle', 'u32'],
  469: ['z cycle', 'u32'],
  471: ['<Ece>/V', 'f32'],
  473: ['THD Ewe/%', 'f32'],
  474: ['THD I/%', 'f32'],
  475: ['THD Ece/%', 'f32'],
  476: ['NSD Ewe/%', 'f32'],
  477: ['NSD I/%', 'f32'],
  478: ['NSD Ece/%', 'f32'],
  479: ['NSR Ewe/%', 'f32'],
  480: ['NSR I/%', 'f32'],
  481: ['NSR Ece/%', 'f32'],
  486: ['|Ewe h2|/V', 'f32'],
  487: ['|Ewe h3|/V', 'f32'],
  488: ['|Ewe h4|/V', 'f32'],
  489: ['|Ewe h5|/V', 'f32'],
  490: ['|Ewe h6|/V', 'f32'],
  491: ['|Ewe h7|/V', 'f32'],
  492: ['|I h2|/A', 'f32'],
  493: ['|I h3|/A', 'f32'],
  494: ['|I h4|/A', 'f32'],
  495: ['|I h5|/A', 'f32'],
  496: ['|I h6|/A', 'f32'],
  497: ['|I h7|/A', 'f32'],
  498: ['|Ece h2|/V', 'f32'],
  499: ['|Ece h3|/V', 'f32'],
  500: ['|Ece h4|/V', 'f32'],
  501: ['|Ece h5|/V', 'f32'],
  502: ['|Ece h6|/V', 'f32'],
  503: ['|Ece h7|/V', 'f32'],
  // Width measured (gcpl.issue_230.mpr): 8-byte floats that track the energy counters there; no public name; not used.
  883: ['id 883', 'f64'],
  884: ['id 884', 'f64'],
};

/**
 * Widths of ids that are not in the table, told by the row length: the unknown columns
 * together take `restBytes` of each row. Only a split that leaves no choice is accepted: all
 * of them the same width (any other mix could be ordered several ways). Null: ambiguous.
 */
export function inferUnknownWidths(count: number, restBytes: number): ColumnType | null {
  if (count <= 0 || restBytes <= 0 || restBytes % count !== 0) return null;
  const each = restBytes / count;
  // All 8-byte or all 1-byte columns are the only way to reach the largest or smallest total.
  if (each === 8 || each === 1) return each === 8 ? 'f64' : 'u8';
  // A lone unknown column has one width; a 2- or 4-byte float/integer cannot be told apart,
  // and EC-Lab's 4-byte columns are floats except the counters, which are all in the table.
  if (count === 1) return each === 2 ? 'u16' : each === 4 ? 'f32' : null;
  return null;
}
