import { Option, type Command } from 'commander';
import { CyclekitError } from '../../model/errors.js';
import type { CheckFlags } from '../flags/check.js';
import { addInputOptions, addOutputOptions, loadOptions, outputMode, outputPlan } from '../options.js';
import type { RunContext } from '../context.js';
import { DEFAULT_CE } from '../../pipeline/summarise.js';

/** `cyclekit check`: files against a spec of expected figures, a CI gate (src/pipeline/check.ts, src/report/check-output.ts). */
export function defineCheck(program: Command, ctx: RunContext): void {
  const cmd = program
    .command('check')
    .description('check files against a spec of expected figures (CI gate): pass / fail / n/a per rule')
    .argument('<files...>', 'cycler exports, directories (with --recursive) or - for stdin; `init [FILE]` writes a starter spec instead')
    .option('--spec <file>', 'rules to check, YAML or JSON (see docs/check-spec.md); required except for `check init`')
    .addOption(new Option('--report <kind>', 'report format on stdout (or -o FILE)').choices(['plain', 'json', 'junit', 'csv', 'github']))
    .option('-o, --output <file>', 'write the report to FILE (atomically; for github the Markdown summary); a plain summary still goes to stdout')
    .option('--fail-on-na', 'a rule that cannot be applied (n/a) fails the file')
    .option('--ce <mode>', 'Coulombic efficiency: discharge-over-charge, charge-over-discharge, or auto (from cell.yaml cellType)', DEFAULT_CE);
  addInputOptions(cmd);
  addOutputOptions(cmd);
  cmd.addHelpText(
    'after',
    `
--report github prints the plain report and one workflow-command annotation per failing rule
(::error file=…,title=…::…), and appends a Markdown summary to $GITHUB_STEP_SUMMARY when set.

Exit codes: 0 every rule passed (or was n/a) · 1 a rule failed · 2 the spec is invalid, a usage
error, or a file could not be read (reported after the other files are checked).

Examples:
  cyclekit check --spec fixtures/specs/he-v.yaml --report junit -o check.xml fixtures/he-v/he-v-0.2C.csv
  cyclekit check init fixtures/he-v/he-v-0.2C.csv      # a starter spec from the file's cycles
  cyclekit check --spec fixtures/specs/he-v.yaml --report github fixtures/he-v/he-v-0.2C.csv   # in GitHub Actions`,
  );
  cmd.action(async (files: string[], flags: CheckFlags) => {
    program.setOptionValue('exitCode', files[0] === 'init' ? await runCheckInit(files.slice(1), flags, ctx) : await runCheck(files, flags, ctx));
  });
}

/**
 * `check init [FILE]`: a commented starter spec on stdout (or -o FILE), drawn from FILE's own
 * cycles when one is given, else a template (src/gate/starter.ts).
 */
async function runCheckInit(files: string[], flags: CheckFlags, ctx: RunContext): Promise<number> {
  if (files.length > 1) throw new CyclekitError('E_USAGE', `check init takes at most one data file, got ${files.length}`);
  if (flags.spec !== undefined) throw new CyclekitError('E_USAGE', 'check init writes a spec: it takes no --spec (use -o FILE to choose where it goes)');
  const [{ starterInput }, { starterSpec }, { parseSpec }, { checkCeFlag }, { loadWith }] = await Promise.all([
    import('../../pipeline/check.js'),
    import('../../gate/starter.js'),
    import('../../gate/spec.js'),
    import('../flags/ce.js'),
    import('../flags/summary.js'),
  ]);
  const text = starterSpec(files.length === 1 ? await starterInput(files[0]!, loadWith(flags), checkCeFlag(flags.ce)) : null);
  // The spec must read back: a starter that the reader refused would be a broken promise.
  parseSpec(text, 'starter spec');
  if (flags.output !== undefined && flags.output !== '-') await (await import('../../util/atomic-write.js')).writeAtomically(flags.output, (write) => write(text));
  else ctx.stdout(text);
  return 0;
}

/** Validate the spec, check every file, write the report; the exit code says pass, fail or unreadable. */
async function runCheck(files: string[], flags: CheckFlags, ctx: RunContext): Promise<number> {
  if (flags.spec === undefined) throw new CyclekitError('E_USAGE', "required option '--spec <file>' not specified (or run `cyclekit check init [FILE]` to write a starter spec)");
  const mode = outputMode(flags);
  const dialect = outputPlan({ ...flags, output: undefined, to: undefined }).dialect;
  const timestamp = new Date().toISOString().slice(0, 19);
  const started = performance.now();
  if (flags.report !== undefined && mode !== 'table' && flags.report !== mode) throw new CyclekitError('E_USAGE', `--report ${flags.report} and --${mode} disagree: pick one`);
  const kind = flags.report ?? (mode === 'table' ? 'plain' : mode);
  loadOptions(flags);
  const [{ checkCeFlag }, { loadSpec }, { refuseOverCheckInputs, writeCheckReport }, { resolveJoins }, run] = await Promise.all([import('../flags/ce.js'), import('../../pipeline/check.js'), import('../check-files.js'), import('../per-file.js'), import('../run.js')]);
  checkCeFlag(flags.ce);
  // The whole spec is validated before any data is touched.
  const spec = await loadSpec(flags.spec);
  if (flags.output !== undefined) await refuseOverCheckInputs(flags.output, flags.spec, files, flags.recursive ?? false);
  const withSpec: CheckFlags = { ...flags, parsedSpec: spec };
  files = await resolveJoins(files, withSpec);
  const work = await (await import('../work-registry.js')).WORK.check(withSpec);
  const outcomes = await run.collectOutcomes('check', files, withSpec, work, ctx, (r) => r.rows);
  const { checkReport } = await import('../../report/check-output.js');
  const settings = { kind, specName: spec.name ?? '', dialect, timestamp, totalS: (performance.now() - started) / 1000, toFile: flags.output !== undefined, quiet: flags.quiet ?? false, failOnNa: flags.failOnNa ?? false };
  await writeCheckReport(checkReport(outcomes, settings), flags.output, ctx);
  const errLines = await run.stderrLines(outcomes, flags.quiet ? null : (r) => r.warnings);
  if (errLines.length > 0) ctx.stderr(errLines.join('\n') + '\n');
  const unreadable = outcomes.some((o) => 'error' in o);
  const failed = outcomes.some((o) => !('error' in o) && o.result.status === 'fail');
  return unreadable ? 2 : failed ? 1 : 0;
}
