/**
 * BioLogic .mpr data columns: numeric id → the name EC-Lab prints in the .mpt header, and the
 * stored type. Ids 1, 2, 3, 21, 31 and 65 are bit fields of one shared flags byte.
 * Only ids whose type was confirmed against real files and public format notes are listed;
 * any other id is read as `unknown_N` when its width can be inferred, else refused.
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
  70: ['P/W', 'f32'],
  74: ['|Energy|/W.h', 'f64'],
  76: ['<I>/mA', 'f32'],
  77: ['<Ewe>/V', 'f32'],
  123: ['Energy charge/W.h', 'f64'],
  124: ['Energy discharge/W.h', 'f64'],
  125: ['Capacitance charge/µF', 'f64'],
  126: ['Capacitance discharge/µF', 'f64'],
  131: ['Ns', 'u16'],
  169: ['Cs/µF', 'f32'],
  172: ['Cp/µF', 'f32'],
  434: ['(Q-Qo)/C', 'f32'],
  435: ['dQ/C', 'f32'],
  467: ['Q charge/discharge/mA.h', 'f64'],
  468: ['half cycle', 'u32'],
  473: ['THD Ewe/%', 'f32'],
  474: ['THD I/%', 'f32'],
  476: ['NSD Ewe/%', 'f32'],
  477: ['NSD I/%', 'f32'],
  479: ['NSR Ewe/%', 'f32'],
  480: ['NSR I/%', 'f32'],
};
