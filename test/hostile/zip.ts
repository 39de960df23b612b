import { deflateRawSync } from 'node:zlib';

/** One member of a generated archive; `declaredSize`/`crc` override what the directory says (lies). */
export interface Member {
  name: string;
  data: Buffer;
  /** Store instead of deflate. */
  stored?: boolean;
  declaredSize?: number;
  crc?: number;
  /** Already-deflated bytes to write instead of deflating `data` (a bomb made in pieces). */
  compressed?: Buffer;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A plain ZIP (no zip64) written the way Office writes one: local headers, central directory, end record. */
export function zip(members: Member[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const name = Buffer.from(m.name, 'utf8');
    const body = m.compressed ?? (m.stored ? m.data : deflateRawSync(m.data));
    const crc = m.crc ?? crc32(m.data);
    const size = m.declaredSize ?? m.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(m.stored ? 0 : 8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(m.stored ? 0 : 8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** A one-sheet .xlsx whose sheet XML is `sheetXml` (give the whole <worksheet>), in Arbin's export shape. */
export function xlsx(sheetXml: string, extra: { sharedStrings?: string; members?: Member[]; sheetMember?: Partial<Member> } = {}): Buffer {
  const workbook =
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Channel_1_1" sheetId="1" r:id="rId1"/></sheets></workbook>';
  const rels =
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';
  return zip([
    { name: 'xl/workbook.xml', data: Buffer.from(workbook) },
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(rels) },
    ...(extra.sharedStrings !== undefined ? [{ name: 'xl/sharedStrings.xml', data: Buffer.from(extra.sharedStrings) }] : []),
    { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheetXml), ...extra.sheetMember },
    ...(extra.members ?? []),
  ]);
}

/** Arbin's column names, one data row per cycle step: enough for the arbin-xlsx reader. */
export const ARBIN_HEADER = ['Data_Point', 'Test_Time(s)', 'Step_Time(s)', 'Step_Index', 'Cycle_Index', 'Current(A)', 'Voltage(V)', 'Charge_Capacity(Ah)', 'Discharge_Capacity(Ah)'];

export function inlineRow(r: number, cells: (string | number)[]): string {
  const col = (k: number): string => String.fromCharCode(65 + k);
  return `<row r="${r}">${cells
    .map((v, k) => (typeof v === 'number' ? `<c r="${col(k)}${r}"><v>${v}</v></c>` : `<c r="${col(k)}${r}" t="inlineStr"><is><t>${v}</t></is></c>`))
    .join('')}</row>`;
}

/** A small, valid Arbin-shaped sheet: 2 cycles of charge then discharge at 1 mA, 3.0–4.0 V. */
export function arbinRows(): string[] {
  const rows = [inlineRow(1, ARBIN_HEADER)];
  let point = 1;
  let t = 0;
  for (let cycle = 1; cycle <= 2; cycle++) {
    for (const [step, sign] of [[1, 1], [2, -1]] as const) {
      for (let k = 0; k <= 20; k++) {
        const q = (k * 10 * 0.001) / 3600;
        const v = sign > 0 ? 3 + k * 0.05 : 4 - k * 0.05;
        rows.push(inlineRow(point + 1, [point, t, k * 10, step, cycle, sign * 0.001, v, sign > 0 ? q : 0, sign < 0 ? q : 0]));
        point++;
        t += 10;
      }
    }
  }
  return rows;
}

export function worksheet(rows: string[], close = true): string {
  return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}${close ? '</sheetData></worksheet>' : ''}`;
}
