import * as zlib from 'node:zlib';
import JSZip from 'jszip';
import { buildWorkbook } from '../helpers/roster';

// Hostile Excel files, made at test time from a real exceljs workbook: its entries are taken
// apart with JSZip and put back by a tiny zip writer that can lie (names, sizes).

export interface ZipPart {
  name: string;
  /** Deflated bytes, their CRC-32 and the real inflated size. */
  deflated: Buffer;
  crc: number;
  size: number;
  /** What the headers claim the inflated size is (a lie for a bomb in disguise). */
  declaredSize?: number;
}

export function part(name: string, data: Buffer | string): ZipPart {
  const bytes = Buffer.from(data);
  return { name, deflated: zlib.deflateRawSync(bytes), crc: zlib.crc32(bytes), size: bytes.length };
}

/** A zip of deflated entries, headers as given. */
export function writeDeflatedZip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const size = p.declaredSize ?? p.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(p.crc, 14);
    local.writeUInt32LE(p.deflated.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(p.crc, 16);
    central.writeUInt32LE(p.deflated.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, p.deflated);
    centrals.push(central, name);
    offset += 30 + name.length + p.deflated.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** The entries of a real one-sheet workbook with these rows. */
export async function workbookParts(rows: unknown[][]): Promise<ZipPart[]> {
  const zip = await JSZip.loadAsync(await buildWorkbook(rows));
  const parts: ZipPart[] = [];
  for (const name of Object.keys(zip.files)) {
    if (zip.files[name]!.dir) continue;
    parts.push(part(name, await zip.files[name]!.async('nodebuffer')));
  }
  return parts;
}

/**
 * A sheet XML of `bytes` bytes (repeated rows), deflated by streaming so the inflated sheet
 * never exists in memory here either: about 2.5 MB per GB at level 9.
 */
export async function bombSheet(bytes: number): Promise<ZipPart> {
  const head = Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
  );
  const chunk = Buffer.from('<row><c t="inlineStr"><is><t>炸</t></is></c></row>'.repeat(20_000));
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (b: Buffer) => out.push(b));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  let crc = zlib.crc32(head);
  deflate.write(head);
  let size = head.length;
  while (size + chunk.length <= bytes) {
    crc = zlib.crc32(chunk, crc);
    size += chunk.length;
    if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  return { name: 'xl/worksheets/sheet1.xml', deflated: Buffer.concat(out), crc, size };
}

/** A workbook whose sheet is `sheet` instead of the real one. */
export async function workbookWithSheet(sheet: ZipPart): Promise<Buffer> {
  const parts = await workbookParts([['姓名', '性别']]);
  return writeDeflatedZip(parts.map((p) => (p.name === sheet.name ? sheet : p)));
}
