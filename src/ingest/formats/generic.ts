import { findLayout } from '../text/layout.js';
import { makeTextReader } from '../text/delimited.js';

/**
 * Any delimited text whose header the shared vocabulary understands. It sniffs with the
 * lowest confidence so a vendor reader that recognises the file always wins.
 */
export const genericCsv = makeTextReader({
  id: 'generic-csv',
  title: 'Delimited text (auto-mapped header)',
  sniff(probe) {
    if (probe.text.length === 0) return null;
    const layout = findLayout(probe.text.split(/\r?\n/));
    if (!layout) return null;
    const fields = layout.columns.map((c) => c.field).join(', ');
    return { confidence: 0.1, reason: `header on line ${layout.headerIndex + 1} maps to ${fields}` };
  },
});
