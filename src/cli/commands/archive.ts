import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyseDqdv, DQDV_ANALYSIS_DEFAULTS } from '../../analysis/dqdv.js';
import { indexFiles, type Extract } from '../../archive/index.js';
import { cellsBelowSql, openArchive, retentionAtSql } from '../../archive/query.js';
import type { Row } from '../../archive/schema.js';
import { CyclekitError } from '../../model/errors.js';
import { inCycleRanges, parseCycleSelection, resolveCycleRanges } from '../../segment/selection.js';
import { toCsv } from '../../report/csv.js';
import { VERSION } from '../../version.js';
import { expandInputs } from '../inputs.js';
import type { RunContext } from '../run.js';
import { summariseFile, summaryJson, type SummaryFlags } from './summary.js';

export interface IndexFlags extends SummaryFlags {
  to: string;
  shard?: string;
  peakCycles: string;
}

/** `--shard i/N` → [i, N] with 0 ≤ i < N. */
export function parseShard(text: string): [number, number] {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const i = m ? Number(m[1]) : Number.NaN;
  const n = m ? Number(m[2]) : Number.NaN;
  if (!m || !(n >= 1) || !(i < n)) throw new CyclekitError('E_USAGE', `--shard ${text}: expected i/N with 0 ≤ i < N, e.g. 0/4`);
  return [i, n];
}

function extractor(flags: IndexFlags): Extract {
  // `--peak-cycles 1,2,10,100,1000,last`: the cycles whose dQ/dV peaks go into the archive (none when empty).
  const wanted = flags.peakCycles.trim() === '' ? null : parseCycleSelection(flags.peakCycles, 'peakCycles');
  return async (path) => {
    const base = await summariseFile(path, flags, true);
    const d = base.dataset;
    const json = summaryJson(base) as Record<string, unknown>;
    const chosen = wanted === null ? [] : resolveCycleRanges(wanted, d.cycles.cycles.map((c) => c.number));
    const dqdvCycles = d.header.perCycleTable === true ? [] : d.cycles.cycles.filter((c) => inCycleRanges(chosen, c.number));
    const dqdv = analyseDqdv(dqdvCycles, ['charge', 'discharge'], DQDV_ANALYSIS_DEFAULTS);
    const file: Row = {
      format: d.header.format,
      cellType: typeof json.cellType === 'string' ? json.cellType : (d.context?.cellType ?? null),
      cellTypeSource: typeof json.cellTypeSource === 'string' ? json.cellTypeSource : d.context?.cellType ? `sidecar ${d.context.source}` : null,
      massG: d.massG,
      massSource: d.massSource,
      cRateBasis: typeof json.cRateBasis === 'string' ? json.cRateBasis : null,
      cycleRule: d.cycles.description,
      sidecar: d.context?.source ?? null,
      cycles: d.cycles.cycles.length,
      records: d.stats.rows,
      warnings: base.warnings.join('\n'),
    };
    const cycles = (json.cycles as Record<string, unknown>[]).map((c) => {
      const row: Row = {};
      for (const [k, v] of Object.entries(c)) row[k] = typeof v === 'object' && v !== null ? JSON.stringify(v) : (v as Row[string]);
      return row;
    });
    const peaks: Row[] = dqdv.halfCycles.flatMap((h) => h.peaks.map((p) => ({ cycle: h.cycle, direction: h.direction, voltageV: p.voltageV, heightMAhPerV: p.heightMAhPerV, prominence: p.prominence, fwhmV: p.fwhmV, areaMAh: p.areaMAh })));
    const couples: Row[] = dqdv.couples.map((c) => ({ cycle: c.cycle, oxidationV: c.oxidationV, reductionV: c.reductionV, meanVoltageV: c.meanVoltageV, polarizationV: c.polarizationV, label: c.label, referenceV: c.referenceV }));
    return { file, cycles, peaks, couples };
  };
}

export async function runIndex(inputs: string[], flags: IndexFlags & { recursive?: boolean; quiet?: boolean }, ctx: RunContext): Promise<number> {
  const shard = flags.shard ? parseShard(flags.shard) : null;
  // Parses --peak-cycles now: a bad list is an error before any file is read.
  const extract = extractor(flags);
  const files = await expandInputs(inputs, flags.recursive ?? false, { include: flags.include ?? [], exclude: flags.exclude ?? [] });
  if (files.includes('-')) throw new CyclekitError('E_USAGE', 'index reads files, not standard input: pass paths');
  for (const f of files) if (!existsSync(f)) throw new CyclekitError('E_IO', 'no such file or directory', { file: f });
  let done = 0;
  const summary = await indexFiles(files, extract, {
    archiveDir: resolve(flags.to),
    shard,
    version: VERSION,
    onFile: (path, outcome) => {
      done++;
      if (!flags.quiet && outcome === 'error') ctx.stderr(`cyclekit: ${path}: not readable, recorded in the archive's errors view\n`);
      if (ctx.stderrIsTTY && !flags.quiet) ctx.stderr(`\rindex: ${done}/${files.length} files`);
    },
  });
  if (ctx.stderrIsTTY && !flags.quiet) ctx.stderr('\n');
  const line = `indexed ${summary.indexed}, unchanged ${summary.unchanged}, unreadable ${summary.errors}${shard ? `, other shards ${summary.otherShard}` : ''} → ${flags.to}`;
  if (flags.json) ctx.stdout(`${JSON.stringify({ cyclekit: VERSION, command: 'index', archive: flags.to, ...summary })}\n`);
  else ctx.stdout(`${line}\n`);
  return 0;
}

export interface QueryFlags {
  json?: boolean;
  wide?: boolean;
  csv?: boolean;
  retentionAt?: string;
  cellsBelow?: string;
}

export async function runQuery(archive: string, sql: string | undefined, flags: QueryFlags, ctx: RunContext): Promise<number> {
  const asked = [sql !== undefined, flags.retentionAt !== undefined, flags.cellsBelow !== undefined].filter(Boolean).length;
  if (asked !== 1) throw new CyclekitError('E_USAGE', 'query: give one SQL text, or --retention-at N, or --cells-below FRACTION');
  let text = sql;
  if (flags.retentionAt !== undefined) {
    const n = Number(flags.retentionAt);
    if (!Number.isInteger(n) || n < 0) throw new CyclekitError('E_USAGE', `--retention-at ${flags.retentionAt}: expected a cycle number`);
    text = retentionAtSql(n);
  }
  if (flags.cellsBelow !== undefined) {
    const f = Number(flags.cellsBelow.replace(/%$/, '')) / (flags.cellsBelow.endsWith('%') ? 100 : 1);
    if (!(f > 0 && f <= 1.5)) throw new CyclekitError('E_USAGE', `--cells-below ${flags.cellsBelow}: expected a fraction such as 0.8 or 80%`);
    text = cellsBelowSql(f);
  }
  const duck = await openArchive(archive);
  let rows: Record<string, unknown>[];
  let columns: string[];
  try {
    columns = await duck.columns(text!);
    rows = await duck.all(text!);
  } catch (err) {
    throw new CyclekitError('E_USAGE', `query: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`);
  }
  if (flags.json) ctx.stdout(`${JSON.stringify({ cyclekit: VERSION, command: 'query', archive, columns, rows }, null, 2)}\n`);
  else if (flags.csv) ctx.stdout(toCsv(columns, rows.map((r) => columns.map((c) => cell(r[c])))));
  else ctx.stdout(await queryTable(columns, rows, flags.wide === true));
  return 0;
}

const cell = (v: unknown): string | number | null => (v === null || v === undefined ? null : typeof v === 'number' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** Query rows as the project's tables render them (80 columns unless --wide); numbers to 6 significant digits. */
async function queryTable(columns: string[], rows: Record<string, unknown>[], wide: boolean): Promise<string> {
  const [{ renderTable }, { makeStyle }] = await Promise.all([import('../../report/table.js'), import('../../report/style.js')]);
  const show = (v: unknown): string => (v === null || v === undefined ? '–' : typeof v === 'number' ? String(Number(v.toPrecision(6))) : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const body = rows.map((r) => columns.map((c) => show(r[c])));
  const numeric = columns.map((c) => rows.length > 0 && rows.every((r) => r[c] === null || typeof r[c] === 'number'));
  const table = renderTable(columns.map((c, k) => ({ header: c, align: numeric[k] ? 'right' : 'left' })), body, makeStyle(process.stdout, process.env, wide));
  return `${table}\n(${rows.length} row${rows.length === 1 ? '' : 's'})\n`;
}
