import type { FileMetadata } from '../../model/record.js';
import { massInFileText } from '../../model/units.js';

const MASS = /(?:characteristic mass|active (?:material )?mass|mass of active material|active mass|活性物质质量|活性物质|质量)\s*[:=：]?\s*([0-9]+(?:[.,][0-9]+)?(?:e[-+]?\d+)?)\s*(mg|g|µg|ug)\b/i;
const START = /(?:acquisition started on|start(?:ed)? (?:time|date)|date of test|start_datetime|起始时间|开始时间)\s*[:=：,]?\s*(.+)$/i;
const CHANNEL = /^(?:channel|通道)\s*[:=：,]?\s*(\S.*)$/i;
const CELL = /^(?:cell name|cell id|cell|电池名称|电池编号)\s*[:=：,]\s*(\S.*)$/i;

/** Pick up what vendors commonly write above the data table: active mass, start time, channel, cell. */
export function scanPreamble(lines: string[]): FileMetadata {
  const meta: FileMetadata = {};
  for (const line of lines) {
    const text = line.replace(/\t/g, ' ').trim();
    if (meta.activeMassG === undefined) {
      const m = MASS.exec(text);
      if (m) {
        const grams = massInFileText(`${m[1]!}${m[2]!}`, 'mg');
        if (grams !== null) meta.activeMassG = grams;
      }
    }
    if (meta.startTime === undefined) {
      const m = START.exec(text);
      if (m) meta.startTime = m[1]!.trim().replace(/^,|,$/g, '');
    }
    if (meta.channel === undefined) {
      const m = CHANNEL.exec(text);
      if (m) meta.channel = m[1]!.trim().replace(/,+$/, '');
    }
    if (meta.cellName === undefined) {
      const m = CELL.exec(text);
      if (m) meta.cellName = m[1]!.trim().replace(/,+$/, '');
    }
  }
  return meta;
}
