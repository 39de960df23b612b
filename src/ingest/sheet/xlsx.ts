import { CyclekitError } from '../../model/errors.js';
import type { Cell, Workbook } from './cells.js';
import { limit, limitError } from '../../util/limits.js';
import { ZipArchive, type ZipEntry } from '../binary/zip.js';

/**
 * Office Open XML workbooks (.xlsx), read as a stream: a worksheet's XML is inflated chunk
 * by chunk and cut into `<row>` elements as they arrive, so memory holds one chunk, one
 * batch of rows and the shared-string table — never the whole sheet. SheetJS CE has no
 * streaming reader and took 3–5 s and ~150 MB for the 16 538-row LAND export.
 *
 * Hostile sheets stay bounded: a row element longer than the line limit (a `<row>` that never
 * closes), a column past the column limit (`r="ZZZZZZ2"`), more rows than the row limit and a
 * sheet that ends before `</sheetData>` are refused, and the scan for row ends never rereads
 * what it has passed, so time is linear in the sheet's size.
 */
const ROW_BATCH = 4096;

export async function openXlsx(path: string, file: string): Promise<Workbook> {
  const archive = ZipArchive.fromFile(path, file, 'workbook');
  const byName = new Map(archive.entries.map((e) => [e.name.replace(/^\/+/, ''), e]));
  const workbookEntry = byName.get('xl/workbook.xml');
  if (!workbookEntry) throw new CyclekitError('E_FORMAT', 'ZIP archive without xl/workbook.xml: not an Excel workbook', { file });
  const workbookXml = await archive.text(workbookEntry);
  const relsEntry = byName.get('xl/_rels/workbook.xml.rels');
  const rels = relsEntry ? parseRelationships(await archive.text(relsEntry)) : new Map<string, string>();
  const sheets = parseSheetList(workbookXml).map((s, i) => {
    const target = rels.get(s.rid) ?? `worksheets/sheet${i + 1}.xml`;
    const entryName = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    return { name: s.name, entry: byName.get(normalisePath(entryName)) };
  });
  let shared: string[] | null = null;
  const sharedEntry = byName.get('xl/sharedStrings.xml');
  const sharedStrings = async (): Promise<string[]> => {
    shared ??= sharedEntry ? parseSharedStrings(await archive.text(sharedEntry)) : [];
    return shared;
  };
  return {
    container: 'xlsx',
    sheetNames: sheets.map((s) => s.name),
    async *rows(sheet: string) {
      const found = sheets.find((s) => s.name === sheet);
      if (!found?.entry) throw new CyclekitError('E_FORMAT', `sheet '${sheet}' is listed in the workbook but its XML part is missing`, { file });
      yield* streamRows(archive, found.entry, await sharedStrings());
    },
    async close() {},
  };
}

function normalisePath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

const ATTR = (name: string): RegExp => new RegExp(`\\b${name}="([^"]*)"`);
const NAME_ATTR = ATTR('name');
const RID_ATTR = /\br:id="([^"]*)"|\b[\w]+:id="([^"]*)"/;

export function parseSheetList(workbookXml: string): { name: string; rid: string }[] {
  const out: { name: string; rid: string }[] = [];
  for (const m of workbookXml.matchAll(/<(?:[\w.-]+:)?sheet\b([^>]*)\/?>/g)) {
    const attrs = m[1]!;
    const name = NAME_ATTR.exec(attrs)?.[1];
    if (name === undefined) continue;
    const rid = RID_ATTR.exec(attrs);
    out.push({ name: unescapeXml(name), rid: rid?.[1] ?? rid?.[2] ?? '' });
  }
  return out;
}

function parseRelationships(xml: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of xml.matchAll(/<(?:[\w.-]+:)?Relationship\b([^>]*)\/?>/g)) {
    const id = ATTR('Id').exec(m[1]!)?.[1];
    const target = ATTR('Target').exec(m[1]!)?.[1];
    if (id !== undefined && target !== undefined) map.set(id, unescapeXml(target));
  }
  return map;
}

function parseSharedStrings(xml: string): string[] {
  const out: string[] = [];
  for (const m of xml.matchAll(/<(?:[\w.-]+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?si>)/g)) out.push(textRuns(m[1] ?? ''));
  return out;
}

/** The text of `<t>` runs, leaving out phonetic guides (`<rPh>`), which are not part of the value. */
function textRuns(inner: string): string {
  const body = inner.replace(/<(?:[\w.-]+:)?rPh\b[\s\S]*?<\/(?:[\w.-]+:)?rPh>/g, '');
  let text = '';
  for (const t of body.matchAll(/<(?:[\w.-]+:)?t\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?t>)/g)) text += t[1] ?? '';
  return unescapeXml(text);
}

export function unescapeXml(s: string): string {
  if (!s.includes('&') && !s.includes('_x')) return s;
  return s
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&(#x[0-9A-Fa-f]+|#\d+|lt|gt|amp|quot|apos);/g, (_, e: string) => {
      if (e === 'lt') return '<';
      if (e === 'gt') return '>';
      if (e === 'amp') return '&';
      if (e === 'quot') return '"';
      if (e === 'apos') return "'";
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      // XML allows no character reference past U+10FFFF: only a damaged or forged part has one.
      if (!(code <= 0x10ffff)) throw new CyclekitError('E_CORRUPT', `the workbook's XML holds '&${e.slice(0, 12)};', which is not a character`);
      return String.fromCodePoint(code);
    });
}

const ROW_END_SOURCE = /<\/(?:[\w.-]+:)?row>|<(?:[\w.-]+:)?row\b[^>]*\/>/g.source;
const CELL = /<(?:[\w.-]+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?c>)/g;
const CELL_REF = /\br="([A-Z]+)\d*"/;
const CELL_TYPE = /\bt="(\w+)"/;
const VALUE = /<(?:[\w.-]+:)?v>([\s\S]*?)<\/(?:[\w.-]+:)?v>/;

function columnIndex(letters: string): number {
  // Excel's last column is XFD (three letters); a longer reference is refused before it is counted.
  if (letters.length > 4) throw limitError('sheetColumns', `a cell in column ${letters.slice(0, 12)}`);
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n - 1;
}

/** One `<row>` element to cell values; cells without an `r` attribute follow the previous one. */
export function parseRow(xml: string, shared: string[], maxColumns = limit('sheetColumns')): Cell[] {
  const cells: Cell[] = [];
  let next = 0;
  CELL.lastIndex = 0;
  for (let m = CELL.exec(xml); m !== null; m = CELL.exec(xml)) {
    const attrs = m[1]!;
    const ref = CELL_REF.exec(attrs);
    const col = ref ? columnIndex(ref[1]!) : next;
    // A column far to the right would make every row an array that long.
    if (col >= maxColumns) throw limitError('sheetColumns', `a cell in column ${col + 1}`);
    next = col + 1;
    const inner = m[2];
    if (inner === undefined) continue;
    const type = CELL_TYPE.exec(attrs)?.[1] ?? 'n';
    let value: Cell = null;
    if (type === 'inlineStr') value = textRuns(inner);
    else {
      const v = VALUE.exec(inner)?.[1];
      if (v === undefined) continue;
      if (type === 's') value = shared[Number(v)] ?? null;
      else if (type === 'b') value = v === '1';
      else if (type === 'str' || type === 'e' || type === 'd') value = unescapeXml(v);
      else {
        const n = Number(v);
        value = v.length > 0 && !Number.isNaN(n) ? n : unescapeXml(v);
      }
    }
    while (cells.length < col) cells.push(null);
    cells[col] = value;
  }
  return cells;
}

async function* streamRows(archive: ZipArchive, entry: ZipEntry, shared: string[]): AsyncGenerator<Cell[][]> {
  const file = archive.file;
  const decoder = new TextDecoder('utf-8');
  const maxRowChars = limit('lineBytes');
  const maxRows = limit('sheetRows');
  const maxColumns = limit('sheetColumns');
  let buffer = '';
  let batch: Cell[][] = [];
  let inData = false;
  let ended = false;
  let rows = 0;
  /** Where the search for the next row end resumes: text before it holds none. */
  let scanFrom = 0;
  // One regex per stream: its lastIndex must survive the yields below.
  const ROW_END = new RegExp(ROW_END_SOURCE, 'g');
  try {
    for await (const chunk of archive.stream(entry)) {
      if (ended) continue; // past </sheetData>: inflated only for the CRC check
      buffer += decoder.decode(chunk, { stream: true });
      if (!inData) {
        const start = buffer.search(/<(?:[\w.-]+:)?sheetData\b/);
        if (start < 0) {
          // Keep only a tail long enough to hold a split tag.
          if (buffer.length > 1 << 20) buffer = buffer.slice(-256);
          continue;
        }
        inData = true;
        buffer = buffer.slice(start);
        scanFrom = 0;
      }
      ROW_END.lastIndex = scanFrom;
      let consumed = 0;
      for (let m = ROW_END.exec(buffer); m !== null; m = ROW_END.exec(buffer)) {
        const end = m.index + m[0].length;
        if (++rows > maxRows) throw limitError('sheetRows', `sheet with more than ${maxRows} rows`, { file });
        batch.push(parseRow(buffer.slice(consumed, end), shared, maxColumns));
        consumed = end;
        if (batch.length >= ROW_BATCH) {
          yield batch;
          batch = [];
        }
      }
      buffer = buffer.slice(consumed);
      if (/<\/(?:[\w.-]+:)?sheetData>|<(?:[\w.-]+:)?sheetData\b[^>]*\/>/.test(buffer)) {
        ended = true;
        buffer = '';
        continue;
      }
      // A row end split across chunks starts at most one tag before the end: resume there.
      scanFrom = Math.max(0, buffer.length - 64);
      if (buffer.length > maxRowChars) throw limitError('lineBytes', `a sheet row (or text between rows) of more than ${buffer.length} characters`, { file });
    }
  } catch (err) {
    if (err instanceof CyclekitError && err.file === undefined) err.file = file;
    throw err;
  }
  if (!ended) throw new CyclekitError('E_CORRUPT', `sheet XML '${entry.name}' ends before its </sheetData>: the workbook is truncated or damaged`, { file });
  if (batch.length > 0) yield batch;
}
