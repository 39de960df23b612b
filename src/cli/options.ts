import { Option, type Command } from 'commander';
import { CyclekitError } from '../model/errors.js';
import type { CsvDialect } from '../report/csv.js';
import { parseCRateBasis, parseMass } from '../model/units.js';
import { DEFAULT_CYCLE_RULE, type CycleRuleOption } from '../segment/cycles.js';
import { DEFAULT_REST_CURRENT_A } from '../segment/steps.js';
import type { DetectedJoin, LoadOptions } from '../pipeline/load.js';
import { CacheStore, cacheDisabledByEnv } from '../cache/store.js';
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
  /** Set by the command runner without --join/--no-join: tests it found split over several files. */
  joinGroups?: Record<string, DetectedJoin>;
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
  wide?: boolean;
  include?: string[];
  exclude?: string[];
  skipUnknown?: boolean;
  /** false with --no-cache. */
  cache?: boolean;
}

/**
 * The "Example:" block every command's --help ends with. The lines are run on the bundled
 * fixtures by test/docs/examples.test.ts, so an example that stops working fails the suite.
 */
export function exampleHelp(lines: string[]): string {
  return `\n${lines.length > 1 ? 'Examples' : 'Example'}:\n${lines.map((l) => `  ${l}`).join('\n')}`;
}

/** Loading: which |current| is rest, and how cycles are numbered. */
export const INPUT_FLAG_DEFAULTS = { restCurrent: String(DEFAULT_REST_CURRENT_A), cycleRule: DEFAULT_CYCLE_RULE };

/** Commander's accumulator for a repeatable option such as --col. */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function addInputOptions(cmd: Command): Command {
  return cmd
    .option('--mass <mass>', 'active mass: 2.1mg, 0.0021g; a bare number is mg (default: sidecar, then the file header)')
    .option('--c-rate-basis <basis>', '1C definition: specific current (100mA/g) or nominal capacity (0.5mAh)')
    .addOption(new Option('--cell-type <type>', 'half-cathode, half-anode or full (default: sidecar cellType, then inferred from the data)').choices(['half-cathode', 'half-anode', 'full']))
    .option('--format <id>', 'force a reader instead of detecting it from the content (ids: docs/formats/index.md; an unknown id lists them)')
    .option('--col <field=name>', 'map a column by hand, e.g. --col voltage="Ewe/V" (repeatable)', collect, [])
    .option('--strict', 'fail on the first bad row instead of skipping it with a warning')
    .addOption(new Option('--cycle-rule <rule>', 'how cycles are numbered').choices(['auto', 'file', 'charge-first', 'discharge-first']).default(INPUT_FLAG_DEFAULTS.cycleRule))
    .option('--rest-current <A>', '|current| at or below this is rest, in A', INPUT_FLAG_DEFAULTS.restCurrent)
    .option('-r, --recursive', 'read files inside directories')
    .option('--include <glob>', 'only files matching: *.csv (name) or raw/**/*.mpr (path below the directory given); repeatable', collect, [])
    .option('--exclude <glob>', 'leave out files matching, e.g. --exclude "*.pdf" --exclude "LICENSE*"; repeatable', collect, [])
    .option('--skip-unknown', 'a file no reader recognises (a LICENSE, a PDF) is a one-line notice, not an error; damaged cycler files still fail')
    .option('--join', 'the files are one test split in parts (Maccor .001/.002, BioLogic _01_/_02_, Neware continuations): join them in the order given, time and cycle numbers carried on, seams listed')
    .option('--no-join', 'read files named and timed as parts of one test as separate files (by default they are joined, and a warning says so)')
    .option('-j, --jobs <n>', 'files processed in parallel (default: CPU count)')
    .option('-q, --quiet', 'no progress or warnings on stderr')
    .option('--no-cache', 'parse the file again instead of reusing the parsed-data cache (docs/cache.md)');
}

export function addOutputOptions(cmd: Command): Command {
  return cmd
    .option('--json', 'print one JSON document (keys: docs/json.md)')
    .option('--csv', 'print CSV with a header row')
    .option('--sep <char>', 'CSV field separator: , ; or tab', ',')
    .addOption(new Option('--decimal <mark>', "CSV decimal mark; , needs --sep ';' (European Excel, Origin)").choices(['.', ',']).default('.'))
    .option('--wide', 'tables with every column, however wide ($COLUMNS, else 80, otherwise)');
}

/** What a per-file command writes and where: printed text, or a file (-o) in a kind taken from --to or its extension. */
export interface OutputPlan {
  kind: 'table' | 'json' | 'csv' | 'parquet' | 'xlsx';
  path: string | null;
  dialect: CsvDialect;
}

export interface OutputFlags {
  json?: boolean;
  csv?: boolean;
  output?: string;
  to?: string;
  sep?: string;
  decimal?: string;
}

const FILE_KINDS: Record<string, OutputPlan['kind']> = { '.parquet': 'parquet', '.pq': 'parquet', '.xlsx': 'xlsx', '.csv': 'csv', '.tsv': 'csv', '.json': 'json' };

/** Check the output flags together, once, before any file is read. */
export function outputPlan(flags: OutputFlags): OutputPlan {
  const printed = outputMode(flags);
  const sep = flags.sep === 'tab' || flags.sep === '\\t' ? '\t' : flags.sep ?? ',';
  if (sep.length !== 1 || /["\r\n]/.test(sep)) throw new CyclekitError('E_USAGE', `--sep: expected one character such as , ; or tab, got '${flags.sep}'`);
  const decimal = (flags.decimal ?? '.') as CsvDialect['decimal'];
  if (decimal !== '.' && decimal !== ',') throw new CyclekitError('E_USAGE', `--decimal: expected . or , got '${flags.decimal}'`);
  if (decimal === sep) throw new CyclekitError('E_USAGE', `--decimal ${decimal} needs another field separator: pass --sep ';'`);
  const path = flags.output === undefined || flags.output === '-' ? null : flags.output;
  let kind: OutputPlan['kind'] = printed;
  if (flags.to !== undefined) {
    if (!['json', 'csv', 'parquet', 'xlsx', 'table'].includes(flags.to)) throw new CyclekitError('E_USAGE', `--to: expected json, csv, parquet, xlsx or table, got '${flags.to}'`);
    kind = flags.to as OutputPlan['kind'];
    if ((flags.json && kind !== 'json') || (flags.csv && kind !== 'csv')) throw new CyclekitError('E_USAGE', `--to ${flags.to} and --${flags.json ? 'json' : 'csv'} disagree: pick one`);
  } else if (path !== null && printed === 'table') {
    const ext = /\.[^./\\]+$/.exec(path.toLowerCase())?.[0] ?? '';
    kind = FILE_KINDS[ext] ?? 'table';
  }
  if ((kind === 'parquet' || kind === 'xlsx') && path === null) throw new CyclekitError('E_USAGE', `${kind === 'parquet' ? 'Parquet' : 'an .xlsx workbook'} is binary: write it to a file with -o FILE.${kind}`);
  return { kind, path, dialect: { sep: path?.toLowerCase().endsWith('.tsv') && flags.sep === ',' ? '\t' : sep, decimal } };
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

/**
 * From this file size on, a command's points go to a temporary file (LoadOptions.spillPointsFromBytes):
 * the size from which a file shows its own progress line, well below where points cost memory.
 */
export const SPILL_POINTS_FROM_BYTES = 16 << 20;

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
    cache: flags.cache === false || cacheDisabledByEnv() ? null : new CacheStore(),
    spillPointsFromBytes: SPILL_POINTS_FROM_BYTES,
    cellType: (flags.cellType as CellType | undefined) ?? null,
    ...(flags.joinParts && flags.joinParts.length > 0 ? { joinWith: flags.joinParts } : {}),
    ...(flags.joinGroups && Object.keys(flags.joinGroups).length > 0 ? { joinGroups: flags.joinGroups } : {}),
  };
}

export function outputMode(flags: { json?: boolean; csv?: boolean }): 'json' | 'csv' | 'table' {
  if (flags.json && flags.csv) throw new CyclekitError('E_USAGE', '--json and --csv cannot be combined');
  return flags.json ? 'json' : flags.csv ? 'csv' : 'table';
}
