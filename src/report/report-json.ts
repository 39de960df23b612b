import type { ReportResult } from '../pipeline/report.js';
import { compareJson } from './compare.js';
import { dqdvJson } from './dqdv.js';
import { energyJson } from './energy.js';
import { rateJson } from './rate.js';
import { retentionJson } from './retention.js';
import { summaryJson } from './summary.js';
import { WINDOWS_CAPACITY_BASIS } from './windows.js';

/** `report --json`: per file the summary keys, then each section's own JSON (null when not applicable) and why not. */
export type ReportJson = ReturnType<typeof reportJson>;

export function reportJson(r: ReportResult) {
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
    // windowsJson's keys less the cell type, which the report gives once at its top.
    windows: r.windows
      ? { format: d.header.format, massG: d.massG, cycleRule: d.cycles.description, capacityBasis: WINDOWS_CAPACITY_BASIS, edgesV: r.edgesV, edgesSource: r.edgesSource, edgesNote: r.edgesNote, cycles: r.windows.cycles, warnings: r.windows.warnings }
      : null,
    dqdv: r.dqdv ? { ...dqdvJson({ base: r.base, settings: r.dqdv.settings, analysis: r.dqdv.analysis }), cycleChosen: r.dqdv.cycle, cycleReason: r.dqdv.why } : null,
    retention: r.retention ? retentionJson(r.retention) : null,
    rate: r.rate ? rateJson(r.rate) : null,
    energy: r.energy ? energyJson(r.energy) : null,
    compare: r.compare ? compareJson(r.compare.reference, r.compare.rows) : null,
    notApplicable: r.notApplicable,
  };
}

