/** OLE automation / Excel 1900-system dates count days from 1899-12-30; the Unix epoch is day 25569. */
const UNIX_EPOCH_DAY = 25569;
const MS_PER_DAY = 86_400_000;

/**
 * An OLE automation date (Excel serial, Arbin Start_DateTime, BioLogic acquisition time) as
 * ISO 8601 text without a zone — the cyclers write the PC's local time — and without zero
 * milliseconds. undefined when the value is not a date JavaScript can represent (a damaged
 * header must not end the read with an internal error).
 */
export function oleDateToIso(days: number, separator: 'T' | ' ' = 'T'): string | undefined {
  const date = new Date(Math.round((days - UNIX_EPOCH_DAY) * MS_PER_DAY));
  if (!Number.isFinite(date.getTime())) return undefined;
  return date.toISOString().replace(/(\.000)?Z$/, '').replace('T', separator);
}
