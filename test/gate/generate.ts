import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ccRows, type CcCase } from '../helpers/synthetic.js';
import { mulberry32 } from '../../src/sim/random.js';

const HEADER = 'Test Time (s),Voltage (V),Current (A),Cycle Index,Step Type';

/** A constant-current file in the generic CSV layout (the same as fixtures/demo/cc-demo.csv). */
export function ccCsv(c: CcCase): string {
  const lines = [HEADER];
  for (const r of ccRows(c)) lines.push(`${r.timeS.toFixed(3)},${r.voltageV.toFixed(5)},${r.currentA.toExponential(6)},${r.cycle},${r.state}`);
  return lines.join('\n') + '\n';
}

export interface GeneratedFile {
  path: string;
  case: CcCase;
  /** Expected discharge capacity per cycle, mAh (I·T·CE). */
  dischargeMAh: number;
}

/**
 * `count` small constant-current files with seeded parameters: 0.1–1 mA, 2–4 cycles,
 * CE 0.95–0.999, 30–60 samples per half cycle. Names are zero-padded so that directory order
 * is input order.
 */
export function generateFolder(dir: string, count: number, seed: number): GeneratedFile[] {
  mkdirSync(dir, { recursive: true });
  const rnd = mulberry32(seed);
  const files: GeneratedFile[] = [];
  for (let k = 0; k < count; k++) {
    const c: CcCase = {
      currentA: Number((1e-4 + rnd() * 9e-4).toPrecision(3)),
      durationS: 3600,
      dtS: 3600 / (30 + Math.floor(rnd() * 30)),
      v0: 2.5 + Math.round(rnd() * 10) / 100,
      v1: 4.0 + Math.round(rnd() * 10) / 100,
      cycles: 2 + Math.floor(rnd() * 3),
      ce: Number((0.95 + rnd() * 0.049).toFixed(3)),
    };
    const path = join(dir, `cell-${String(k).padStart(3, '0')}.csv`);
    writeFileSync(path, ccCsv(c));
    files.push({ path, case: c, dischargeMAh: c.currentA * c.durationS * c.ce * 1000 / 3600 });
  }
  return files;
}
