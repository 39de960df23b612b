import type { FileMetadata } from '../../model/record.js';
import { mapColumns, type Field } from '../text/columns.js';
import { makeTextReader } from '../text/delimited.js';
import type { LayoutOptions } from '../text/spec.js';
import type { TableLayout } from '../text/layout.js';
import { delimiterOf, findHeaderLine, keyValues, probeLines } from '../text/sniff.js';
import { massInFileText } from '../../model/units.js';
import { LayeredCycleRows } from '../text/cycle-rows.js';

const ALIASES: Partial<Record<Field, string[]>> = { time: ['Run Time'], datetime: ['Date and Time'], cycle: ['Cycle Number'], step: ['Step Number'] };
const EXCLUDE = ['Step Type', 'Step position'];

/**
 * Novonix UHPC CSV: a `[Summary]` block (channel, cell, mass, start), a `[Protocol]` block,
 * then `[Data]` with `Run Time (h)`, `Potential (V)`, `Current (A)`, `Capacity (Ah)`, `Cycle
 * Number`, `Step Number`. `Step Type` holds numeric protocol codes, not a direction, so the
 * direction comes from the current sign. The capacity counter restarts every step.
 *
 * Some exports lay the data out in three levels after the `[Summary]` block instead: a cycle
 * header line, a step header line starting with one empty field and a record header line
 * starting with two, then rows whose leading empty fields say their level (`1,…` a cycle,
 * `,1,…` a step, `,,…` a record). Only record rows are records; each takes the cycle and step
 * numbers of the rows above it unless it carries its own.
 */
export const novonix = makeTextReader({
  id: 'novonix',
  title: 'Novonix UHPC CSV export',
  sniff(probe) {
    const lines = probeLines(probe, 60);
    const named = lines.slice(0, 3).some((l) => /novonix/i.test(l));
    if (named && lines.some((l) => l.trim() === '[Data]')) return { confidence: 0.95, reason: "Novonix: '[Summary]' block naming Novonix and a '[Data]' section" };
    const layered = layeredHeader(probeLines(probe, 400));
    if (named && layered) {
      return { confidence: 0.95, reason: `Novonix: '[Summary]' block naming Novonix, then cycle / step / record header lines ${layered.recordIndex - 1}–${layered.recordIndex + 1}` };
    }
    const at = findHeaderLine(lines, ['Run Time (h)', 'Potential (V)', 'Current (A)'], 60);
    return at >= 0 ? { confidence: 0.85, reason: `Novonix: header on line ${at + 1} has 'Run Time (h)', 'Potential (V)', 'Current (A)'` } : null;
  },
  aliases: ALIASES,
  exclude: EXCLUDE,
  layout: layeredLayout,
  rowTransform: (layout) => (isLayered(layout) ? layeredRows(layout) : null),
  instrumentCycles(layout) {
    return cycleRows.figures(layout, {
      cycle: /^cycle number$/i,
      chargeMAh: /^charge capacity \(ah\)$/i,
      dischargeMAh: /^discharge capacity \(ah\)$/i,
      cePercent: /^coulombic efficiency \(%\)$/i,
      capacityUnitAh: 1,
    });
  },
  capacityCounter: 'step',
  metadata(preamble) {
    const kv = keyValues(preamble);
    const meta: FileMetadata = {};
    const started = kv.get('started');
    if (started) meta.startTime = started;
    const channel = kv.get('channel');
    if (channel) meta.channel = channel;
    const cell = kv.get('cell');
    if (cell) meta.cellName = cell;
    const mass = kv.get('mass (g)');
    const massG = mass === undefined ? null : massInFileText(mass, 'g');
    if (massG !== null) meta.declaredMassG = massG;
    const area = kv.get('area (cm2)');
    if (area !== undefined) meta.areaCm2 = Number(area);
    const nominal = kv.get('capacity (ah)');
    if (nominal !== undefined) meta.nominalCapacityAh = Number(nominal);
    return meta;
  },
  reviewMetadata(meta) {
    if (meta.declaredMassG === undefined) return [];
    // The UHPC software pre-fills mass 1.000 g and area 1.000 cm²; both untouched means no mass was entered.
    if (meta.declaredMassG === 1 && (meta.areaCm2 === undefined || meta.areaCm2 === 1)) {
      return ["'Mass (g): 1.000' (with area 1.000 cm²) is the software's default, not a measured mass: ignored"];
    }
    meta.activeMassG = Number(meta.declaredMassG);
    return [];
  },
});

/** The three header lines of the layered export: where the record header is, and each level's lead. */
interface LayeredHeader {
  recordIndex: number;
  delimiter: string;
  cycleCells: string[];
  stepCells: string[];
  recordCells: string[];
  /** Leading empty fields of a record row (a step row has fewer, a cycle row none). */
  recordLead: number;
}

function leadOf(cells: string[]): number {
  const k = cells.findIndex((c) => c.trim().length > 0);
  return k < 0 ? cells.length : k;
}

/** Three consecutive lines after `[End Summary]`: `Cycle…`, `,Step…`, `,,…` with voltage and current. */
function layeredHeader(lines: string[]): LayeredHeader | null {
  const end = lines.findIndex((l) => /^\[end summary\]/i.test(l.trim()));
  for (let i = Math.max(0, end + 1); i + 2 < Math.min(lines.length, 400); i++) {
    const a = lines[i]!;
    if (!/^\s*"?cycle/i.test(a)) continue;
    const delimiter = delimiterOf(a);
    const [cycleCells, stepCells, recordCells] = [a, lines[i + 1]!, lines[i + 2]!].map((l) => l.split(delimiter).map((c) => c.trim().replace(/^"|"$/g, '')));
    const stepLead = leadOf(stepCells!);
    const recordLead = leadOf(recordCells!);
    if (stepLead < 1 || recordLead <= stepLead || !/step/i.test(stepCells![stepLead] ?? '')) continue;
    return { recordIndex: i + 2, delimiter, cycleCells: cycleCells!, stepCells: stepCells!, recordCells: recordCells!, recordLead };
  }
  return null;
}

/** Names of the columns the record rows get from the cycle and step rows above them. */
const FROM_CYCLE = 'Cycle Number (cycle row)';
const FROM_STEP = 'Step Number (step row)';

/** Leading empty fields of a record row, per layered layout (the layout object is the key). */
const recordLeads = new WeakMap<TableLayout, number>();

/** The cycle rows: the cycler's own per-cycle figures (`Charge Capacity (Ah)`, `Discharge Capacity (Ah)`, `Coulombic Efficiency (%)`). */
const cycleRows = new LayeredCycleRows();

function isLayered(layout: TableLayout): boolean {
  return recordLeads.has(layout);
}

function layeredLayout(lines: string[], options: LayoutOptions): TableLayout | null {
  const header = layeredHeader(lines);
  if (!header) return null;
  const record = header.recordCells.slice(header.recordLead);
  const cells = [...record, FROM_CYCLE, FROM_STEP];
  // A record's own cycle or step column, when it has one, wins over the enclosing rows'.
  const columns = mapColumns(cells, { ...options, aliases: { ...ALIASES, cycle: ['Cycle Number', FROM_CYCLE], step: ['Step Number', FROM_STEP] }, exclude: EXCLUDE });
  if (!columns.some((c) => c.field === 'voltage') || !columns.some((c) => c.field === 'current')) return null;
  const layout: TableLayout = { headerIndex: header.recordIndex, delimiter: header.delimiter, decimalComma: false, cells, columns };
  recordLeads.set(layout, header.recordLead);
  cycleRows.declare(layout, header.cycleCells);
  return layout;
}

/** Record rows only, each with the numbers of its enclosing cycle and step rows appended. */
function layeredRows(layout: TableLayout): (cells: string[]) => string[] | null {
  const recordLead = recordLeads.get(layout)!;
  let cycle = '';
  let step = '';
  const keepCycleRow = cycleRows.startRead(layout);
  return (cells) => {
    const lead = leadOf(cells);
    if (lead === 0) {
      cycle = cells[0]!.trim();
      keepCycleRow(cells.map((c) => c.trim().replace(/^"|"$/g, '')));
      return null;
    }
    if (lead < recordLead) {
      step = cells[lead]!.trim();
      return null;
    }
    return [...cells.slice(recordLead), cycle, step];
  };
}
