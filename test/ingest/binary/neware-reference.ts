import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { NewareTable } from '../../../src/ingest/binary/neware-table.js';
import { softwareCycles, statusName } from '../../../src/ingest/binary/neware-table.js';

/** A NewareNDA reference CSV (converted from its .ftr), parsed into named columns. */
export function readReference(path: string): { header: string[]; rows: string[][] } {
  const raw = readFileSync(path);
  const text = (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  return { header: lines[0]!.split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

/**
 * Our decoded value for a reference column, or undefined when we do not produce it. NewareNDA's
 * Cycle column is its own "charge first" renumbering, not the cycler's index that the readers
 * report, so it is compared with that renumbering of our step types.
 */
export function ourColumn(t: NewareTable, name: string): ((i: number) => number | string) | undefined {
  switch (name) {
    case 'Index': return (i) => t.index[i]!;
    case 'Cycle': {
      const chargeFirst = softwareCycles(t.status);
      return (i) => chargeFirst[i]!;
    }
    case 'Step': return (i) => t.step[i]!;
    case 'Step_Index': return (i) => t.stepIndex[i]!;
    case 'Status': return (i) => statusName(t.status[i]!);
    case 'Time': return (i) => t.timeS[i]!;
    case 'Voltage': return (i) => t.voltageV[i]!;
    case 'Current(mA)': return (i) => t.currentMA[i]!;
    case 'Charge_Capacity(mAh)': return (i) => t.chargeMAh[i]!;
    case 'Discharge_Capacity(mAh)': return (i) => t.dischargeMAh[i]!;
    case 'Charge_Energy(mWh)': return (i) => t.chargeMWh[i]!;
    case 'Discharge_Energy(mWh)': return (i) => t.dischargeMWh[i]!;
    default: {
      const temps = t.temperaturesC.get(name);
      return temps ? (i) => temps[i]! : undefined;
    }
  }
}

export interface Mismatch { column: string; row: number; ours: number | string; reference: string }

/** Compare every column we produce with the reference, numeric ones within `rtol` relative (atol for zeros). */
export function compare(t: NewareTable, ref: { header: string[]; rows: string[][] }, rtol = 1e-6, atol = 1e-9): { mismatches: Mismatch[]; compared: string[]; skipped: string[] } {
  const mismatches: Mismatch[] = [];
  const compared: string[] = [];
  const skipped: string[] = [];
  ref.header.forEach((name, c) => {
    const ours = ourColumn(t, name);
    if (!ours) {
      skipped.push(name);
      return;
    }
    compared.push(name);
    for (let i = 0; i < ref.rows.length; i++) {
      const want = ref.rows[i]![c]!;
      const got = ours(i);
      const ok = typeof got === 'string' ? got === want : Math.abs(got - Number(want)) <= atol + rtol * Math.abs(Number(want));
      if (!ok) mismatches.push({ column: name, row: i + 1, ours: got, reference: want });
    }
  });
  return { mismatches, compared, skipped };
}

/**
 * Rows where the cycle number breaks BTSDA's rule: a new cycle starts exactly where a step's
 * programme index is not higher than the previous step's (issue 14; holds on every BTSDA export
 * we hold). Empty when the table follows it.
 */
export function programmeRuleBreaks(t: NewareTable): number[] {
  const wrong: number[] = [];
  if (t.index.length > 0 && t.cycle[0] !== 1) wrong.push(1);
  for (let i = 1; i < t.index.length; i++) {
    const opens = t.step[i] !== t.step[i - 1] && t.stepIndex[i]! <= t.stepIndex[i - 1]!;
    if (t.cycle[i] !== t.cycle[i - 1]! + (opens ? 1 : 0)) wrong.push(i + 1);
  }
  return wrong;
}
