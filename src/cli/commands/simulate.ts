import { Option, type Command } from 'commander';
import { CyclekitError } from '../../model/errors.js';
import { PROTOCOLS, SIM_LAYOUTS, SIM_MATERIALS } from '../../sim/choices.js';
import type { SimulateFlags } from '../flags/simulate.js';
import { exampleHelp } from '../options.js';
import type { RunContext } from '../context.js';

/** `cyclekit simulate`: a synthetic, seeded cycler export (and its cell.yaml) from the cell model in src/sim/. */
export function defineSimulate(program: Command, ctx: RunContext): void {
  program
    .command('simulate')
    .description('write a synthetic, seeded cycler export from a cell model (HE-V, NVP, hard carbon, HC‖HE-V) shaped like the HE-V paper')
    .addOption(new Option('--material <id>', 'cell to simulate: he-v, nvp (half cells vs Na), hc (hard carbon vs Na) and graphite (vs Li), half-anodes cycled discharge first, or hc-he-v (full cell); default he-v (hc-he-v for full-cell)').choices([...SIM_MATERIALS]))
    .addOption(new Option('--protocol <name>', 'test program').choices([...PROTOCOLS]).default('cycling'))
    .option('--c-rate <C>', 'C-rate of cycling/long/full-cell (default 0.2; 50 for long)')
    .option('--rates <list>', 'rate test groups, comma-separated (default 0.2,0.5,1,2,5,10,20,50,0.2)')
    .option('--cycles <n>', 'cycles (per rate group for --protocol rate); default 4, 3 per rate, 10000 for long')
    .option('--mass <mass>', 'active (cathode) mass written to the sidecar: 2mg, 0.002g; bare number = mg', '2mg')
    .option('--c-rate-basis <basis>', '1C definition: specific current (100mA/g) or nominal capacity (0.34mAh)', '100mA/g')
    .option('--seed <n>', 'seed of the noise generator: same seed and options, same bytes', '1')
    .addOption(new Option('--layout <name>', 'output layout').choices([...SIM_LAYOUTS]).default('canonical'))
    .option('--dt <s>', 'log a point every Δt seconds; off to log on ΔV only (default 10; 5 for long)')
    .option('--dv <V>', 'log a point whenever the voltage moved ΔV volts; off to log on Δt only (default 0.005; 0.05 for long)')
    .option('--noise-mv <mV>', 'standard deviation of the voltage noise, mV', '0.5')
    .option('--rest <s>', 'rest after each current step (and before the first), s; 0 = none (default 600; 0 for long)')
    .option('--v-min <V>', 'lower voltage limit (default 1.5)')
    .option('--v-max <V>', 'upper voltage limit (default 4.1)')
    .option('--fade <spec>', "capacity fade: none, paper (95.2 % at half the cycles, 88.8 % at the end) or anchors such as 5000:0.952,10000:0.888 (default paper for long, else none)")
    .option('--np-ratio <r>', 'full cell: anode/cathode capacity ratio (default 1.8)')
    .option('--temperature <°C>', 'temperature written to each record', '25')
    .option('--start <date>', 'wall-clock start of the test, for vendor date columns', '2025-01-06T09:00:00Z')
    .option('-o, --output <file>', 'output file (written whole or not at all); - for standard output')
    .option('--no-sidecar', 'do not write <output>.cell.yaml beside the output')
    .option('--json', 'print a JSON description of what was written (needs -o FILE)')
    .addHelpText('after', exampleHelp(['cyclekit simulate --material nvp --cycles 2 -o nvp.csv']))
    .action(async (flags: SimulateFlags) => {
      const [{ provenanceCommand, requestFromFlags }, { planRecords, planSimulation }, { simulationJson, writeSimulation }, { streamRows }, { envelope }] = await Promise.all([
        import('../flags/simulate.js'),
        import('../../sim/plan.js'),
        import('../../sim/output.js'),
        import('../../sim/writer.js'),
        import('../../report/json.js'),
      ]);
      const request = requestFromFlags(flags);
      const out = flags.output ?? '-';
      if (flags.json && out === '-') throw new CyclekitError('E_USAGE', '--json describes a written file: pass -o FILE (standard output already carries the data)');
      let plan;
      try {
        plan = planSimulation(request);
      } catch (err) {
        if (err instanceof RangeError) throw new CyclekitError('E_USAGE', err.message);
        throw err;
      }
      if (out === '-') {
        const n = streamRows(planRecords(plan), plan.layout, plan.layoutContext, (chunk) => ctx.stdout(chunk));
        ctx.stderr(`cyclekit: simulate: wrote ${n} records (${plan.cycles} cycles) to standard output\n`);
        return;
      }
      const records = await writeSimulation(plan, request, out, flags.sidecar ? provenanceCommand(flags, request) : null);
      if (flags.json) ctx.stdout(envelope('simulate', [simulationJson(out, plan, records, request)]));
      else ctx.stderr(`cyclekit: simulate: wrote ${records} records (${plan.cycles} cycles, ${plan.model.spec.title}) to ${out}${flags.sidecar ? ` and ${out}.cell.yaml` : ''}\n`);
    });
}
