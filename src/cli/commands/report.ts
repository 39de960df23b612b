import {
  coulombicEfficiencyOverview,
  sectionApplicability,
  type CoulombicEfficiencyOverview,
  type ReportSection,
} from '../../analysis/applicability.js';
import { BUNDLED_REFERENCES } from '../../references/load.js';
import { compareWithReference, type CompareRow, type Reference } from '../../analysis/compare.js';
import { analyseDqdv, type DqdvAnalysis } from '../../analysis/dqdv.js';
import { energyDensity, type EnergyResult } from '../../analysis/energy.js';
import { molarMass, parseFormula } from '../../analysis/formula.js';
import { DEFAULT_RATE_TOLERANCE, rateCapability, type RateResult } from '../../analysis/rate.js';
import { redoxReference, type RedoxReference } from '../../references/load.js';
import { retention, RETENTION_DEFAULTS, type RetentionResult } from '../../analysis/retention.js';
import { theoreticalCapacityMAhG } from '../../analysis/theory.js';
import { cycleWindows, DEFAULT_EDGES_V, type CycleWindows } from '../../analysis/windows.js';
import { CyclekitError, isCyclekitError } from '../../model/errors.js';
import { formatCRateBasis } from '../../model/units.js';
import { compareJson, compareTable } from '../../report/compare.js';
import { couplesTable, dqdvChart, peaksTable } from '../../report/dqdv.js';
import { energyJson, energyTable } from '../../report/energy.js';
import { fixed, formatDuration, percent } from '../../report/numbers.js';
import { rateJson, rateTable } from '../../report/rate.js';
import {
  reportDocument,
  reportHeader,
  shownCycleIndices,
  shownCyclesNote,
  type ReportSectionText,
  type SectionBody,
} from '../../report/report.js';
import { retentionChart, retentionJson, retentionTable } from '../../report/retention.js';
import { widthOf, type makeStyle } from '../../report/style.js';
import { profileChart, profileCycles, type ProfileCycle } from '../../report/profile.js';
import { wrapText } from '../../report/wrap.js';
import { summaryTable } from '../../report/summary.js';
import { CAPACITY_TOLERANCE } from '../../analysis/summary.js';
import { windowsTable } from '../../report/windows.js';
import { DQDV_FLAG_DEFAULTS, ENERGY_FLAG_DEFAULTS, loadOptions } from '../options.js';
import { joinInputs } from '../per-file.js';
import type { CellType } from '../../ingest/sidecar.js';
import { collectOutcomes, emitOutcomes, runPerFile, type RunContext } from '../run.js';
import { loadReference, plateauCycle, withReferenceBasis } from './compare.js';
import { dqdvJson, parseReference, settingsFrom } from './dqdv.js';
import { energyFlagOptions, type EnergyFlags } from './energy.js';
import { parseCount, segmentEnds } from './retention.js';
import { checkCeFlag, summariseFile, summaryJson, type SummaryFlags, type SummaryResult } from './summary.js';
import { DEFAULT_EDGES_TEXT, parseEdges } from './windows.js';
import { selectCycles } from '../../segment/selection.js';
import { inFlagTerms } from '../flag-names.js';
import { valleyEdges } from '../../analysis/valleys.js';

type Style = ReturnType<typeof makeStyle>;

export interface ReportFlags extends SummaryFlags {
  reference?: string;
  edges?: string;
  charts: boolean;
  cyclesShown: string;
  segments?: string;
  json?: boolean;
  wide?: boolean;
  /** Also write the whole report as one self-contained HTML file with its figures. */
  html?: string;
  /** Also write each figure as SVG into this folder. */
  figures?: string;
  /** With --figures: each figure's Vega-Lite spec beside its SVG. */
  spec?: boolean;
}

/** How `--reference` is read: a bundled id serves both labels and compare; a couple table only labels; anything else is a compare JSON file. */
interface ReferenceChoice {
  labels: RedoxReference | null;
  compare: string | null;
}

interface ReportSettings {
  /** From --edges; null picks them per file (src/cli/commands/windows.ts `automaticEdges`). */
  edgesV: number[] | null;
  cyclesShown: number;
  charts: boolean;
  flagReference: ReferenceChoice | null;
  /** Compare references, read once per name across files. */
  cache: Map<string, Reference>;
}

interface DqdvPart {
  cycle: number;
  why: string;
  analysis: DqdvAnalysis;
  settings: ReturnType<typeof settingsFrom>;
  /** Why couples are left unlabelled despite a reference, if they are. */
  labelsNote: string | null;
}

interface ComparePart {
  reference: Reference;
  rows: CompareRow[];
}

/** One file's report: plain data (no points are kept once every analysis has run). */
export interface ReportResult {
  base: SummaryResult;
  timeSpanS: number | null;
  cellType: CellType;
  referenceName: string | null;
  ce: CoulombicEfficiencyOverview | null;
  windows: { cycles: CycleWindows[]; shown: number[]; warnings: string[] } | null;
  dqdv: DqdvPart | null;
  retention: RetentionResult | null;
  rate: RateResult | null;
  energy: EnergyResult | null;
  compare: ComparePart | null;
  /** Section → reason, for every section that was not produced. */
  notApplicable: Partial<Record<ReportSection, string>>;
  /** Sections that should have run but failed: printed as "not available". */
  failed: Set<ReportSection>;
  warnings: string[];
  edgesV: number[];
  /** Voltage profiles of a few cycles (first, dQ/dV cycle, last), decimated, kept after the points are let go. */
  profile: ProfileCycle[] | null;
  /** Where the window edges came from: --edges, the reference, the dQ/dV valleys or the default. */
  edgesSource: string;
}

function referenceChoice(text: string): ReferenceChoice {
  const t = text.trim();
  const known = redoxReference(t.toLowerCase());
  if (known) return { labels: known, compare: BUNDLED_REFERENCES.includes(t.toLowerCase()) ? t.toLowerCase() : null };
  if (t.includes('=')) return { labels: parseReference(t), compare: null };
  return { labels: null, compare: t };
}

/** Labels for dQ/dV couples taken from a compare reference's plateau lines ("plateau V⁴⁺/V³⁺" → "V⁴⁺/V³⁺"). */
function labelsFromReference(r: Reference): RedoxReference | null {
  const couples = r.quantities
    .filter((q) => q.metric === 'plateau' && q.reported !== null)
    .map((q) => ({ label: q.quantity.replace(/^plateau\s+/i, ''), potentialV: q.reported! }));
  return couples.length > 0 ? { id: r.id, material: r.name, source: r.source, couples } : null;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Load once (with points), run every analysis the data supports, then let the points go. */
export async function reportFile(file: string, flags: ReportFlags, settings: ReportSettings): Promise<ReportResult> {
  const base = await summariseFile(file, flags, true);
  const d = base.dataset;
  const cycles = base.cycles;
  const warnings = [...base.warnings];
  const failed = new Set<ReportSection>();
  const unavailable: Partial<Record<ReportSection, string>> = {};
  // An analysis the data cannot support never sinks the report: it becomes "not available: why"
  // and a warning. A bug (anything but a CyclekitError) is not a property of the data: it fails
  // the file as E_INTERNAL instead of hiding behind "not available".
  const attempt = async <T>(section: ReportSection, run: () => T | Promise<T>): Promise<T | null> => {
    try {
      return await run();
    } catch (err) {
      if (!isCyclekitError(err)) throw err;
      inFlagTerms(err);
      failed.add(section);
      unavailable[section] = message(err);
      warnings.push(`${section}: not available: ${message(err)}`);
      return null;
    }
  };

  // A couple table on the command line labels peaks only; cell.yaml may still name a compare reference.
  const referenceName = settings.flagReference?.compare ?? d.context?.reference ?? null;
  let labels = settings.flagReference?.labels ?? null;
  if (labels === null && !settings.flagReference?.compare && d.context?.reference) labels = redoxReference(d.context.reference.toLowerCase());

  let compareRef: Reference | null = null;
  if (referenceName !== null) {
    compareRef = await attempt('compare', async () => {
      let r = settings.cache.get(referenceName);
      if (!r) settings.cache.set(referenceName, (r = await loadReference(referenceName)));
      return r;
    });
    if (compareRef && labels === null) labels = labelsFromReference(compareRef);
  }
  // Reference potentials are vs Na⁺/Na (or Li⁺/Li): a full cell's peaks sit at cathode − anode
  // potential, so only a table the user gave for this cell may label them.
  let labelsNote: string | null = null;
  const userTable = settings.flagReference !== null && settings.flagReference.compare === null && settings.flagReference.labels !== null;
  if (d.cellType.cellType === 'full' && labels !== null && !userTable) {
    labelsNote = `full cell: peak potentials are cathode − anode, so the ${labels.id} potentials (vs the metal) do not label them; pass --reference "LABEL=V,…" with full-cell values`;
    labels = null;
  }

  // Window edges: --edges, else the reference's own; the dQ/dV valleys replace the default below.
  let edgesV = settings.edgesV ?? compareRef?.windowEdgesV ?? [...DEFAULT_EDGES_V];
  let edgesSource = settings.edgesV !== null ? '--edges' : compareRef?.windowEdgesV ? `the reference's own (${compareRef.id})` : DEFAULT_EDGES_TEXT;
  const rate = await attempt('rate', () => rateCapability(cycles, DEFAULT_RATE_TOLERANCE));
  const na = sectionApplicability({
    cycles,
    massG: d.massG,
    cellType: d.cellType.cellType,
    reference: referenceName,
    edgesV,
    rate,
    perCycleTable: d.header.perCycleTable === true,
  });
  if (referenceName === null && d.context !== null && na.compare?.startsWith('no reference named')) {
    na.compare = `no reference named: pass --reference he-v|nvp|FILE.json or add reference: to ${d.context.source}`;
  }
  const runs = (s: ReportSection): boolean => na[s] === null && !failed.has(s);

  const ce = runs('coulombicEfficiency') ? await attempt('coulombicEfficiency', () => coulombicEfficiencyOverview(cycles)) : null;

  let windows: ReportResult['windows'] = null;
  let dqdv: DqdvPart | null = null;
  const dqdvCycle = plateauCycle(cycles) ?? cycles.find((c) => c.chargeCapacityMAh !== null || c.dischargeCapacityMAh !== null)?.cycle ?? null;
  const firstNumber = cycles[0]?.cycle;
  const lastNumber = cycles[cycles.length - 1]?.cycle;
  if (na.dqdv === null && dqdvCycle === null) na.dqdv = 'no cycle with a charge or discharge capacity: no dQ/dV';
  if (runs('dqdv') && dqdvCycle !== null) {
    dqdv = await attempt('dqdv', () => {
      const dqdvSettings = settingsFrom({
        ...flags,
        cycle: String(dqdvCycle),
        direction: 'both',
        ...DQDV_FLAG_DEFAULTS,
        chart: settings.charts,
        reference: undefined,
      });
      dqdvSettings.couples.reference = labels;
      const chosen = selectCycles(d.cycles.cycles, dqdvSettings.selection, d.file);
      const analysis = analyseDqdv(chosen, dqdvSettings.directions, dqdvSettings);
      const why = plateauCycle(cycles) === dqdvCycle
        ? 'a full cycle at the slowest rate (the second when there are several: past formation, least polarised)'
        : 'the first cycle with a charge or discharge (no cycle has both)';
      return { cycle: dqdvCycle, why, analysis, settings: dqdvSettings, labelsNote };
    });
  }
  if (edgesSource === DEFAULT_EDGES_TEXT && dqdv !== null) {
    const valleys = valleyEdges(dqdv.analysis.halfCycles, dqdv.analysis.couples);
    if (valleys) {
      edgesV = valleys.edgesV;
      edgesSource = valleys.description;
      na.windows = sectionApplicability({ cycles, massG: d.massG, cellType: d.cellType.cellType, reference: referenceName, edgesV, rate, perCycleTable: d.header.perCycleTable === true }).windows;
    }
  }
  if (runs('windows')) {
    windows = await attempt('windows', () => {
      const all = cycleWindows(d.cycles.cycles, edgesV, d.massG);
      // The table shows the first cycle, the dQ/dV cycle and the last; JSON has every cycle.
      const wanted = new Set([firstNumber, dqdvCycle, lastNumber]);
      const shown = all.map((c, i) => (wanted.has(c.cycle) ? i : -1)).filter((i) => i >= 0);
      const w: string[] = [];
      let worst = 0;
      for (const c of all) {
        for (const h of [c.charge, c.discharge]) if (h?.fileTotalMAh != null && h.fileTotalMAh > 0) worst = Math.max(worst, Math.abs(h.totalMAh - h.fileTotalMAh) / h.fileTotalMAh);
      }
      if (worst > CAPACITY_TOLERANCE) w.push(`window totals are ∫I dt; the file's capacity counter differs by up to ${(worst * 100).toFixed(1)} % (see fileTotalMAh)`);
      return { cycles: all, shown, warnings: w };
    });
  }

  // Retention is also what compare's segment lines read, so it runs whenever it can; when its
  // own section does not apply, a failure only leaves those lines n/a.
  const retentionOptions = { ...RETENTION_DEFAULTS, segmentEnds: segmentEnds(flags.segments, lastNumber ?? 0) };
  let ret: RetentionResult | null = null;
  if (runs('retention')) ret = await attempt('retention', () => retention(cycles, retentionOptions));
  else if (cycles.filter((c) => c.dischargeCapacityMAh !== null && c.dischargeCapacityMAh > 0).length >= 2) {
    try {
      ret = retention(cycles, retentionOptions);
    } catch {
      ret = null;
    }
  }

  const energy = runs('energy')
    ? await attempt('energy', () => {
      const opts = energyFlagOptions({ ...flags, ...ENERGY_FLAG_DEFAULTS } as EnergyFlags);
      return energyDensity(cycles, { ...opts, cathodeMassG: d.massG!, anodeMassG: opts.anodeMassG ?? d.context?.anodeMassG ?? null });
    })
    : null;

  let compare: ComparePart | null = null;
  if (runs('compare') && compareRef) {
    const reference = compareRef;
    compare = await attempt('compare', () => {
      const ctx = d.context;
      const formula = ctx?.formula ?? reference.formula;
      const electrons = ctx?.formula ? (ctx.electrons ?? null) : reference.electrons;
      const theoretical = formula && electrons ? theoreticalCapacityMAhG(electrons, molarMass(parseFormula(formula))) : null;
      if (!ctx?.cellType && d.cellType.source !== '--cell-type') warnings.push(`no cellType in cell.yaml: cell type ${d.cellType.cellType} ${d.cellType.source}`);
      const refCycles = withReferenceBasis(base, reference, warnings);
      const couplesCycle = plateauCycle(refCycles);
      const couples = dqdv !== null && dqdv.cycle === couplesCycle ? dqdv.analysis.couples : null;
      const rows = compareWithReference(reference, { cycles: refCycles, cellType: d.cellType.cellType, theoreticalCapacityMAhG: theoretical, couples, couplesCycle, retention: ret });
      return { reference, rows };
    });
  }

  const notApplicable: Partial<Record<ReportSection, string>> = {};
  for (const [s, why] of Object.entries(na) as [ReportSection, string | null][]) {
    if (failed.has(s)) notApplicable[s] = `not available: ${unavailable[s]}`;
    else if (why !== null) notApplicable[s] = why;
  }

  const profile = d.header.perCycleTable === true ? null : profileCycles(d.cycles.cycles, [firstNumber, lastNumber]);
  // A --recursive sweep holds every result until it prints: drop the per-record points now.
  for (const s of d.steps) s.points = null;
  const first = d.steps[0];
  const last = d.steps[d.steps.length - 1];
  return {
    base: { ...base, warnings },
    // A per-cycle table's time axis is synthetic: no time span.
    timeSpanS: first && last && d.header.perCycleTable !== true ? last.endTimeS - first.startTimeS : null,
    cellType: d.cellType.cellType,
    referenceName,
    ce,
    windows,
    dqdv,
    retention: runs('retention') ? ret : null,
    rate: runs('rate') ? rate : null,
    energy,
    compare,
    notApplicable,
    failed,
    warnings,
    edgesV,
    edgesSource,
    profile,
  };
}

export function reportJson(r: ReportResult): object {
  const d = r.base.dataset;
  return {
    ...summaryJson(r.base),
    cRateBasisSource: d.cRateBasisSource,
    records: d.stats.rows,
    skippedRows: d.stats.badRows,
    timeSpanS: r.timeSpanS,
    cellType: r.cellType,
    reference: r.referenceName,
    coulombicEfficiency: r.ce,
    windows: r.windows
      ? { format: d.header.format, massG: d.massG, cycleRule: d.cycles.description, capacityBasis: 'integrated current (∫I dt) over each half cycle', edgesV: r.edgesV, edgesSource: r.edgesSource, cycles: r.windows.cycles, warnings: r.windows.warnings }
      : null,
    dqdv: r.dqdv ? { ...dqdvJson({ base: r.base, settings: r.dqdv.settings, analysis: r.dqdv.analysis, chart: false }), cycleChosen: r.dqdv.cycle, cycleReason: r.dqdv.why } : null,
    retention: r.retention ? retentionJson(r.retention) : null,
    rate: r.rate ? rateJson(r.rate) : null,
    energy: r.energy ? energyJson(r.energy) : null,
    compare: r.compare ? compareJson(r.compare.reference, r.compare.rows) : null,
    notApplicable: r.notApplicable,
  };
}

function headerRows(r: ReportResult): [string, string][] {
  const d = r.base.dataset;
  const n = d.cycles.cycles.length;
  const rows: [string, string][] = [
    ['format', `${d.header.format}`],
    ['records', `${d.stats.rows}${d.stats.badRows > 0 ? ` (${d.stats.badRows} bad rows skipped)` : ''}`],
    ['cycles', n === 0 ? '0' : `${n} (${d.cycles.cycles[0]!.number}–${d.cycles.cycles[n - 1]!.number}) · ${d.cycles.description}`],
    ['active mass', d.massG !== null ? `${fixed(d.massG * 1000, 3)} mg (${d.massSource})` : 'none — specific capacities and energy densities not reported (pass --mass or add cell.yaml)'],
    ['1C', d.cRateBasis ? `${formatCRateBasis(d.cRateBasis)} (${d.cRateBasisSource})` : 'not defined — C-rates not reported (pass --c-rate-basis 100mA/g or add cRateBasis to cell.yaml)'],
    ['time span', formatDuration(r.timeSpanS)],
  ];
  // A sidecar's cell type reads as before; one from the flag or the data says where it came from.
  const t = d.cellType;
  const typeText = t.source.startsWith('sidecar') ? r.cellType : `${r.cellType} (${t.source})`;
  rows.push(['cell', [typeText, r.referenceName !== null ? `reference ${r.referenceName}` : null].filter((x) => x !== null).join(' · ')]);
  if (!t.source.startsWith('sidecar') && t.source !== '--cell-type') rows.push(['evidence', t.reason]);
  return rows;
}

function section(r: ReportResult, s: ReportSection, render: () => string): SectionBody {
  const why = r.notApplicable[s];
  if (why !== undefined) return r.failed.has(s) ? { unavailable: why.replace(/^not available: /, '') } : { notApplicable: why };
  try {
    return { body: render() };
  } catch (err) {
    return { unavailable: message(err) };
  }
}

export function reportText(r: ReportResult, style: Style, options: { cyclesShown: number; charts: boolean }): string {
  const d = r.base.dataset;
  const sections: ReportSectionText[] = [];

  sections.push({
    title: 'per-cycle summary',
    content: section(r, 'summary', () => {
      const shown = shownCycleIndices(r.base.cycles.length, options.cyclesShown);
      const note = shownCyclesNote(r.base.cycles.length, shown);
      const noMass = d.massG === null ? style.dim('no active mass: capacities in mAh only, no mAh g⁻¹ or Wh kg⁻¹') : '';
      return [summaryTable(shown.map((i) => r.base.cycles[i]!), style), note ? style.dim(note) : '', noMass].filter((x) => x).join('\n');
    }),
  });

  if (options.charts && r.profile !== null && r.profile.length > 0) {
    sections.push({ title: 'voltage profile', content: { body: profileChart(r.profile, d.massG, style) } });
  }

  sections.push({
    title: 'Coulombic efficiency',
    content: section(r, 'coulombicEfficiency', () => {
      const c = r.ce!;
      const lines = [`${style.bold('first cycle')}   ${percent(c.firstCycleValue, 2)} % (cycle ${c.firstCycle})${c.firstCycleValue !== null && c.firstCycleValue > 1 ? style.dim(aboveHundredNote(r.cellType)) : ''}`];
      if (c.partialCycles.length > 0) lines.push(style.dim(`partial cycle(s) ${c.partialCycles.join(', ')} left out`));
      if (c.cycles > 0) lines.push(`${style.bold('later cycles')}  mean ${percent(c.meanAfterFirst, 3)} % over ${c.cycles} cycle(s) · min ${percent(c.minAfterFirst, 2)} % (cycle ${c.minCycle})`);
      else lines.push(`${style.bold('later cycles')}  – ${style.dim('(one cycle only)')}`);
      return lines.join('\n');
    }),
  });

  sections.push({
    title: `capacity by voltage window (edges ${r.edgesV.map((e) => fixed(e, 2)).join(', ')} V)`,
    content: section(r, 'windows', () => {
      const w = r.windows!;
      const shownCycles = w.shown.map((i) => w.cycles[i]!);
      const note = shownCycles.length < w.cycles.length ? style.dim(`cycles ${shownCycles.map((c) => c.cycle).join(', ')} of ${w.cycles.length} shown (first, dQ/dV cycle, last); --json for all`) : '';
      return [style.dim('capacity = ∫I dt, split at the edges by linear interpolation'), style.dim(`edges: ${r.edgesSource}`), windowsTable(shownCycles, r.edgesV, style), note].filter((x) => x).join('\n');
    }),
  });

  sections.push({
    title: r.dqdv ? `dQ/dV and redox couples (cycle ${r.dqdv.cycle})` : 'dQ/dV and redox couples',
    content: section(r, 'dqdv', () => {
      const q = r.dqdv!;
      const s = q.settings;
      const parts = [
        style.dim(`cycle ${q.cycle}: ${q.why} · Q(V) on a ${s.dqdv.stepV * 1000} mV grid, Savitzky–Golay ${s.dqdv.window} pts / order ${s.dqdv.polynomial}; peaks with prominence ≥ ${s.prominenceText}`),
        peaksTable(q.analysis.halfCycles, style),
      ];
      if (q.analysis.couples.length > 0) {
        parts.push('', style.bold('redox couples') + style.dim(s.couples.reference ? ` (labels: ${s.couples.reference.id})` : q.labelsNote ? ` (${q.labelsNote})` : ' (no reference: unlabelled — pass --reference he-v|nvp|"LABEL=V,…")'), couplesTable(q.analysis.couples, style));
      } else parts.push(style.dim('no oxidation/reduction peak pair in this cycle: no redox couple'));
      if (options.charts) parts.push('', dqdvChart(q.analysis.halfCycles, style));
      return parts.join('\n');
    }),
  });

  sections.push({
    title: 'capacity retention',
    content: section(r, 'retention', () => {
      // Outlier cycles become NaN gaps in retentionChart, and asciichart's own min/max turn a
      // NaN into an invalid chart height (a crash on any outlier with ≤ 64 cycles). Outliers are
      // listed under the table anyway, so the chart here simply leaves them out.
      const shown = { ...r.retention!, cycles: r.retention!.cycles.map((c) => (c.outlier !== null ? { ...c, retention: null } : c)) };
      const full = retentionTable(shown, style);
      if (options.charts) return full;
      // retentionTable always ends with its chart (after a blank line): cut it for --no-charts.
      const chart = retentionChart(shown, style);
      return full.endsWith(chart) ? full.slice(0, full.length - chart.length).trimEnd() : full;
    }),
  });

  sections.push({ title: 'rate capability', content: section(r, 'rate', () => rateTable(r.rate!, style)) });

  sections.push({
    title: r.cellType === 'full' ? 'energy density (full cell, on cathode active mass)' : 'energy density',
    content: section(r, 'energy', () => {
      const note = r.cellType === 'full' ? '' : style.dim(`${d.cellType.source.startsWith('sidecar') || d.cellType.source === '--cell-type' ? '' : `cell type ${d.cellType.source}: `}vs the counter electrode of a half cell: the cathode's specific energy, not a full-cell figure`);
      return [energyTable(r.energy!, style, Math.max(3, options.cyclesShown)), note].filter((x) => x).join('\n');
    }),
  });

  sections.push({
    title: r.compare ? `comparison with ${r.compare.reference.id}` : r.referenceName ? `comparison with ${r.referenceName}` : 'comparison with a reference',
    content: section(r, 'compare', () => compareTable(r.compare!.reference, r.compare!.rows, style)),
  });

  const text = reportDocument(reportHeader(`cyclekit report — ${d.file}`, headerRows(r), style), sections, style);
  // Tables and charts fit themselves; prose and notes are wrapped here. The title line holds the
  // file's path, which is copied whole, so it is never broken.
  const width = widthOf(style);
  if (!width) return text;
  const nl = text.indexOf('\n');
  return nl < 0 ? text : text.slice(0, nl + 1) + wrapText(text.slice(nl + 1), width.columns);
}

/** A first-cycle CE above 100 % means something different for each cell type. */
function aboveHundredNote(cellType: CellType): string {
  // A Na-rich cathode gives it in a half cell and in a full cell alike; an anode has no such start.
  if (cellType === 'half-anode') return ' — above 100 %: more delithiation (charge) than lithiation (discharge); check the cycle pairing or --ce';
  return ' — above 100 %: more charge out on discharge than in on charge (e.g. a Na-rich cathode), not an error';
}

export async function runReport(files: string[], flags: ReportFlags, ctx: RunContext): Promise<number> {
  // Usage errors surface once, before any file is read.
  loadOptions(flags);
  checkCeFlag(flags.ce);
  segmentEnds(flags.segments, 0);
  const settings: ReportSettings = {
    edgesV: flags.edges === undefined ? null : parseEdges(flags.edges),
    cyclesShown: parseCount(flags.cyclesShown, '--cycles-shown', 1),
    charts: flags.charts,
    flagReference: flags.reference !== undefined ? referenceChoice(flags.reference) : null,
    cache: new Map(),
  };
  const named = settings.flagReference?.compare;
  if (named !== null && named !== undefined) settings.cache.set(named, await loadReference(named));
  const options = { cyclesShown: settings.cyclesShown, charts: settings.charts };
  if (flags.spec === true && flags.figures === undefined) throw new CyclekitError('E_USAGE', '--spec writes specs beside the SVGs of --figures DIR: pass --figures too');
  const figures = flags.html !== undefined || flags.figures !== undefined ? await import('./report-figures.js') : null;
  figures?.checkReportFigureFlags(flags);
  if (flags.join) files = await joinInputs(files, flags);
  const emit = {
    json: reportJson,
    table: (r: ReportResult, style: Style) => reportText(r, style, options),
    // report has no --csv (it is many tables); the single commands have one each.
    csv: () => ({ header: [], rows: [] }),
    warnings: (r: ReportResult) => r.warnings,
  };
  if (figures === null) return runPerFile('report', files, flags, (f) => reportFile(f, flags, settings), emit, ctx);
  const outcomes = await collectOutcomes('report', files, flags, (f) => reportFile(f, flags, settings), ctx);
  const code = await emitOutcomes('report', outcomes, flags, emit, ctx);
  const plain = figures.plainWideStyle();
  await figures.writeReportFigures(outcomes, flags, (r) => reportText(r, plain, { ...options, charts: false }));
  return code;
}
