import { Option, type Command } from 'commander';
import { CyclekitError } from '../model/errors.js';
import { parseCRateBasis, parseMass } from '../model/units.js';
import type { CycleRuleOption } from '../segment/cycles.js';
import type { LoadOptions } from '../segment/dataset.js';
import type { CellType } from '../ingest/sidecar.js';

/** Options every file-reading command shares, as commander hands them over. */
export interface InputFlags {
  mass?: string;
  cRateBasis?: string;
  cellType?: string;
  /** --join: the inputs are one test split over several files, in order. */
  join?: boolean;
  /** Set by the command runner under --join: the parts after the first. */
  joinParts?: string[];
  format?: string;
  col: string[];
  strict?: boolean;
  cycleRule: string;
  restCurrent: string;
  recursive?: boolean;
  json?: boolean;
  csv?: boolean;
  quiet?: boolean;
  jobs?: string;
}

/** Commander's accumulator for a repeatable option such as --col. */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function addInputOptions(cmd: Command): Command {
  return cmd
    .option('--mass <mass>', 'active mass: 2.1mg, 0.0021g; a bare number is mg (default: sidecar, then the file header)')
    .option('--c-rate-basis <basis>', '1C definition: specific current (100mA/g) or nominal capacity (0.5mAh)')
    .addOption(new Option('--cell-type <type>', 'half-cathode, half-anode or full (default: sidecar cellType, then inferred from the data)').choices(['half-cathode', 'half-anode', 'full']))
    .option('--format <id>', 'force a reader instead of detecting it from the content (ids: README "Supported formats"; an unknown id lists them)')
    .option('--col <field=name>', 'map a column by hand, e.g. --col voltage="Ewe/V" (repeatable)', collect, [])
    .option('--strict', 'fail on the first bad row instead of skipping it with a warning')
    .addOption(new Option('--cycle-rule <rule>', 'how cycles are numbered').choices(['auto', 'file', 'charge-first', 'discharge-first']).default('auto'))
    .option('--rest-current <A>', '|current| at or below this is rest, in A', '1e-7')
    .option('-r, --recursive', 'read files inside directories')
    .option('--join', 'the files are one test split in parts (Maccor .001/.002, BioLogic _01_/_02_, Neware continuations): join them in the order given, time and cycle numbers carried on, seams listed')
    .option('-j, --jobs <n>', 'files processed in parallel (default: CPU count)')
    .option('-q, --quiet', 'no progress or warnings on stderr');
}

export function addOutputOptions(cmd: Command): Command {
  return cmd.option('--json', 'print one JSON document (schema in README)').option('--csv', 'print CSV with a header row');
}

const FIELDS = ['time', 'datetime', 'voltage', 'current', 'capacity', 'chargeCapacity', 'dischargeCapacity', 'energy', 'chargeEnergy', 'dischargeEnergy', 'cycle', 'step', 'state', 'temperature', 'specificCapacity'];

export function parseColumnOverrides(specs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    const field = eq > 0 ? spec.slice(0, eq).trim() : '';
    const name = eq > 0 ? spec.slice(eq + 1).trim().replace(/^"|"$/g, '') : '';
    if (!FIELDS.includes(field) || name.length === 0) {
      throw new CyclekitError('E_USAGE', `--col ${spec}: expected FIELD=COLUMN with FIELD one of ${FIELDS.join(', ')}`);
    }
    out[field] = name;
  }
  return out;
}

export function loadOptions(flags: InputFlags, keepPoints = false): LoadOptions {
  const rest = Number(flags.restCurrent);
  if (!(rest >= 0)) throw new CyclekitError('E_USAGE', `--rest-current: expected a non-negative current in A, got '${flags.restCurrent}'`);
  return {
    columns: parseColumnOverrides(flags.col ?? []),
    strict: flags.strict ?? false,
    ...(flags.format ? { format: flags.format } : {}),
    restCurrentA: rest,
    keepPoints,
    cycleRule: flags.cycleRule as CycleRuleOption,
    massG: flags.mass ? parseMass(flags.mass) : null,
    cRateBasis: flags.cRateBasis ? parseCRateBasis(flags.cRateBasis) : null,
    cellType: (flags.cellType as CellType | undefined) ?? null,
    ...(flags.joinParts && flags.joinParts.length > 0 ? { joinWith: flags.joinParts } : {}),
  };
}

export function outputMode(flags: { json?: boolean; csv?: boolean }): 'json' | 'csv' | 'table' {
  if (flags.json && flags.csv) throw new CyclekitError('E_USAGE', '--json and --csv cannot be combined');
  return flags.json ? 'json' : flags.csv ? 'csv' : 'table';
}
