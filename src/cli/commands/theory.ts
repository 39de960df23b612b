import { theory } from '../../analysis/theory.js';
import { CyclekitError } from '../../model/errors.js';
import { envelope } from '../../report/json.js';
import { makeStyle } from '../../report/style.js';
import { theoryJson, theoryTable } from '../../report/theory.js';
import { toCsv } from '../../report/csv.js';
import { csvNumber } from '../../report/numbers.js';
import { outputMode } from '../options.js';
import type { RunContext } from '../run.js';

export interface TheoryFlags {
  formula?: string;
  electrons?: string;
  site?: string;
  json?: boolean;
  csv?: boolean;
}

export function runTheory(flags: TheoryFlags, ctx: RunContext): void {
  const mode = outputMode(flags);
  if (flags.formula === undefined) throw new CyclekitError('E_USAGE', 'theory needs --formula, e.g. --formula "Na3V2(PO4)3" --electrons 2');
  if (flags.electrons === undefined) throw new CyclekitError('E_USAGE', 'theory needs --electrons: the electrons transferred per formula unit (e.g. 2 for V3+/V4+ in Na3V2(PO4)3)');
  const electrons = Number(flags.electrons);
  if (!/^\s*\d*\.?\d+\s*$/.test(flags.electrons) || !(electrons > 0)) throw new CyclekitError('E_USAGE', `--electrons: expected a positive number, got '${flags.electrons}'`);
  const r = theory(flags.formula, electrons, flags.site ?? null);
  if (mode === 'json') ctx.stdout(envelope('theory', [theoryJson(r)]));
  else if (mode === 'csv') {
    ctx.stdout(toCsv(
      ['formula', 'molarMassGMol', 'electrons', 'theoreticalCapacityMAhG', 'siteEntropyR', 'siteClass'],
      [[r.formula, csvNumber(r.molarMassGMol), csvNumber(r.electrons), csvNumber(r.theoreticalCapacityMAhG), r.site ? csvNumber(r.site.entropyR) : null, r.site?.class ?? null]],
    ));
  } else ctx.stdout(theoryTable(r, makeStyle()) + '\n');
}
