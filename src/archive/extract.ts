import { analyseDqdv, DQDV_ANALYSIS_DEFAULTS } from '../analysis/dqdv.js';
import { formatCRateBasis } from '../model/units.js';
import { summariseDataset, type CeChoice } from '../pipeline/summarise.js';
import { loadDataset, type LoadOptions } from '../pipeline/load.js';
import { inCycleRanges, resolveCycleRanges, type CycleSelection } from '../segment/selection.js';
import type { Extract } from './index.js';
import type { Row } from './schema.js';

/** What goes into the archive for each file: how it is read, and whose dQ/dV peaks are kept. */
export interface ExtractOptions {
  /** How each file is loaded; points are kept (the chosen cycles' dQ/dV needs them). */
  load: Omit<LoadOptions, 'keepPoints'>;
  ce: CeChoice;
  /** Cycles whose dQ/dV peaks and couples are kept (the --cycle grammar); null: none. */
  peakCycles: CycleSelection | null;
}

/**
 * File → the archive's rows: its `files` row (how it was read), its `cycles` rows (the keys of
 * `summary --json`, so the archive and the command agree), and the dQ/dV peaks and couples of
 * the chosen cycles at the default settings.
 */
export function archiveExtractor(options: ExtractOptions): Extract {
  return async (path) => {
    const base = summariseDataset(await loadDataset(path, { ...options.load, keepPoints: true }), options.ce);
    const d = base.dataset;
    const chosen = options.peakCycles === null ? [] : resolveCycleRanges(options.peakCycles, d.cycles.cycles.map((c) => c.number));
    const dqdvCycles = d.header.perCycleTable === true ? [] : d.cycles.cycles.filter((c) => inCycleRanges(chosen, c.number));
    const dqdv = analyseDqdv(dqdvCycles, ['charge', 'discharge'], DQDV_ANALYSIS_DEFAULTS);
    const file: Row = {
      format: d.header.format,
      cellType: d.cellType.cellType,
      cellTypeSource: d.cellType.source,
      massG: d.massG,
      massSource: d.massSource,
      cRateBasis: d.cRateBasis ? formatCRateBasis(d.cRateBasis) : null,
      cycleRule: d.cycles.description,
      sidecar: d.context?.source ?? null,
      cycles: d.cycles.cycles.length,
      records: d.stats.rows,
      warnings: base.warnings.join('\n'),
    };
    const cycles = base.cycles.map((c) => {
      const row: Row = {};
      for (const [k, v] of Object.entries(c)) row[k] = typeof v === 'object' && v !== null ? JSON.stringify(v) : (v as Row[string]);
      return row;
    });
    const peaks: Row[] = dqdv.halfCycles.flatMap((h) => h.peaks.map((p) => ({ cycle: h.cycle, direction: h.direction, voltageV: p.voltageV, heightMAhPerV: p.heightMAhPerV, prominence: p.prominence, fwhmV: p.fwhmV, areaMAh: p.areaMAh })));
    const couples: Row[] = dqdv.couples.map((c) => ({ cycle: c.cycle, oxidationV: c.oxidationV, reductionV: c.reductionV, meanVoltageV: c.meanVoltageV, polarizationV: c.polarizationV, label: c.label, referenceV: c.referenceV }));
    return { file, cycles, peaks, couples };
  };
}
