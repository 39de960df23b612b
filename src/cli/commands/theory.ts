import type { Command } from 'commander';
import { CyclekitError } from '../../model/errors.js';
import { exampleHelp, outputMode } from '../options.js';
import type { RunContext } from '../context.js';

interface TheoryFlags {
  formula?: string;
  electrons?: string;
  site?: string;
  json?: boolean;
  csv?: boolean;
}

/** `cyclekit theory`: molar mass, theoretical capacity and site entropy of a formula (no file read). */
export function defineTheory(program: Command, ctx: RunContext): void {
  program
    .command('theory')
    .description('molar mass, theoretical capacity n·F/(3.6·M) and site configurational entropy of a formula')
    .option('--formula <formula>', 'chemical formula, e.g. "Na3V2(PO4)3"; brackets, decimals and hydrates (·5H2O or *5H2O)')
    .option('--electrons <n>', 'electrons transferred per formula unit')
    .option('--site <spec>', 'occupants of one mixed site, e.g. "V:1.5,Cr:0.1,Mn:0.1" (an element without :amount takes it from the formula)')
    .option('--json', 'print one JSON document')
    .option('--csv', 'print CSV with a header row')
    .addHelpText('after', exampleHelp(['cyclekit theory --formula "Na3V2(PO4)3" --electrons 2']))
    .action(async (flags: TheoryFlags) => {
      const mode = outputMode(flags);
      if (flags.formula === undefined) throw new CyclekitError('E_USAGE', 'theory needs --formula, e.g. --formula "Na3V2(PO4)3" --electrons 2');
      if (flags.electrons === undefined) throw new CyclekitError('E_USAGE', 'theory needs --electrons: the electrons transferred per formula unit (e.g. 2 for V3+/V4+ in Na3V2(PO4)3)');
      const electrons = Number(flags.electrons);
      if (!/^\s*\d*\.?\d+\s*$/.test(flags.electrons) || !(electrons > 0)) throw new CyclekitError('E_USAGE', `--electrons: expected a positive number, got '${flags.electrons}'`);
      const [{ theory }, report, { envelope }, { makeStyle }] = await Promise.all([
        import('../../analysis/theory.js'),
        import('../../report/theory.js'),
        import('../../report/json.js'),
        import('../../report/style.js'),
      ]);
      const r = theory(flags.formula, electrons, flags.site ?? null);
      if (mode === 'json') ctx.stdout(envelope('theory', [report.theoryJson(r)]));
      else if (mode === 'csv') ctx.stdout(report.theoryCsv(r));
      else ctx.stdout(report.theoryTable(r, makeStyle()) + '\n');
    });
}
