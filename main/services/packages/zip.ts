import * as zlib from 'node:zlib';
import { ArchiveError } from './archive-error';

/**
 * The package's outer ZIP. Entries are STORED (the payload is gzipped and encrypted already),
 * so the writer stays tiny and the reader never inflates anything: no compression bombs. The
 * reader is strict because packages come from untrusted stations and USB sticks: anything
 * unusual (ZIP64, comments, data descriptors, gaps, overlaps, odd names) is refused.
 */

export interface ArchiveEntry {
  name: string;
  data: Uint8Array;
}
export interface ZipLimits {
  maxEntries: number;
  maxTotalBytes: number;
}

const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;
const END_SIG = 0x06054b50;
const UTF8_FLAG = 0x0800;
const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1; // time field stays 0 (00:00:00)
const MADE_BY_UNIX = (3 << 8) | 20; // host Unix, so unzip applies the mode in the external attrs
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

let table: Uint32Array | undefined;
/** CRC-32 (ZIP/gzip polynomial) by table: the fallback where zlib.crc32 is missing. */
export function crc32Table(data: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  const t = table;
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = t[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** zlib.crc32 (native, Node >= 20.15 / 22.2) when present; Electron's Node may lack it. */
export const crc32: (data: Uint8Array) => number =
  typeof zlib.crc32 === 'function' ? (data) => zlib.crc32(data) : crc32Table;

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;
/** Why `name` is unsafe as a relative file path inside a package, or null when it is safe. */
export function unsafeName(name: string): string | null {
  if (name === '') return 'empty name';
  if (/\p{Cc}/u.test(name)) return 'control character in name';
  if (name.startsWith('/')) return 'absolute path';
  if (name.includes('\\')) return 'backslash in name';
  if (name.includes(':')) return 'drive letter or colon in name';
  if (name.endsWith('/')) return 'directory entry';
  for (const seg of name.split('/')) {
    if (seg === '') return 'empty path segment';
    if (seg === '.' || seg === '..') return 'dot segment in path';
    // Windows would refuse these or silently map them onto another name.
    if (/[<>"|?*]/.test(seg) || /[. ]$/.test(seg) || WINDOWS_DEVICE.test(seg))
      return 'name Windows cannot store';
  }
  return null;
}

/** Remembers names (case-insensitively, NFC) and says why a new one clashes with them. */
export class NameGuard {
  private readonly seen = new Map<string, 'file' | 'folder'>();
  add(name: string): string | null {
    const key = name.normalize('NFC').toLowerCase();
    const had = this.seen.get(key);
    if (had) return had === 'file' ? 'duplicate name' : 'name is also a folder of another entry';
    const segs = key.split('/');
    for (let i = 1; i < segs.length; i++) {
      const folder = segs.slice(0, i).join('/');
      if (this.seen.get(folder) === 'file') return 'a folder in the path is also a file';
      this.seen.set(folder, 'folder');
    }
    this.seen.set(key, 'file');
    return null;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** Decodes a name strictly as UTF-8, or returns null when the bytes are not UTF-8. */
export function decodeName(bytes: Uint8Array): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

export function writeZip(entries: ArchiveEntry[]): Buffer {
  if (entries.length > 0xfffe) throw new Error('writeZip: too many entries for a non-ZIP64 archive');
  const guard = new NameGuard();
  const locals: Uint8Array[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const why = unsafeName(name) ?? guard.add(name);
    if (why) throw new Error(`writeZip: ${why}: ${JSON.stringify(name)}`);
    const nameBytes = Buffer.from(name, 'utf8');
    if (nameBytes.length > 0xffff) throw new Error('writeZip: name too long');
    const local = Buffer.alloc(30 + nameBytes.length);
    if (offset + local.length + data.length >= 0xffffffff)
      throw new Error('writeZip: over 4 GiB needs ZIP64');
    local.writeUInt32LE(LOCAL_SIG, 0);
    local.writeUInt16LE(10, 4); // version needed 1.0: stored
    local.writeUInt16LE(UTF8_FLAG, 6);
    // method 0 (stored) at 8, DOS time 0 at 10, extra length 0 at 28: left zero
    local.writeUInt16LE(DOS_DATE_1980_01_01, 12);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    nameBytes.copy(local, 30);
    const central = Buffer.alloc(46 + nameBytes.length);
    central.writeUInt32LE(CENTRAL_SIG, 0);
    central.writeUInt16LE(MADE_BY_UNIX, 4);
    local.copy(central, 6, 4, 30); // version needed … extra length: the same 24 bytes
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // regular file, rw-r--r--
    central.writeUInt32LE(offset, 42);
    nameBytes.copy(central, 46);
    locals.push(local, data);
    centrals.push(central);
    offset += local.length + data.length;
  }
  const cdSize = centrals.reduce((n, c) => n + c.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_SIG, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

const bad = (why: string) => new ArchiveError('BAD_ARCHIVE', `zip: ${why}`);

interface Found {
  name: string;
  nameBytes: Buffer;
  flags: number;
  crc: number;
  size: number;
  offset: number;
}

/** Returns entries in central-directory order; `data` are views into `bytes`, not copies. */
export function readZip(bytes: Uint8Array, limits: ZipLimits): ArchiveEntry[] {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // No archive comment allowed, so the end record must be exactly the last 22 bytes.
  const end = b.length - 22;
  if (end < 0 || b.readUInt32LE(end) !== END_SIG)
    throw bad('no end record at the end (truncated, not a zip, or has a comment)');
  const count = b.readUInt16LE(end + 10);
  const cdSize = b.readUInt32LE(end + 12);
  const cdStart = b.readUInt32LE(end + 16);
  if (b.readUInt16LE(end + 4) !== 0 || b.readUInt16LE(end + 6) !== 0 || b.readUInt16LE(end + 8) !== count)
    throw bad('multi-disk archive');
  if (count === 0xffff || cdSize === 0xffffffff || cdStart === 0xffffffff) throw bad('ZIP64 archive');
  if (b.readUInt16LE(end + 20) !== 0) throw bad('archive comment');
  if (count > limits.maxEntries) throw new ArchiveError('TOO_LARGE', `zip: ${count} entries`);
  if (cdStart + cdSize !== end) throw bad('central directory is not right before the end record');

  const guard = new NameGuard();
  const found: Found[] = [];
  let p = cdStart;
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > end || b.readUInt32LE(p) !== CENTRAL_SIG) throw bad('central directory garbled');
    const flags = b.readUInt16LE(p + 8);
    const method = b.readUInt16LE(p + 10);
    const crc = b.readUInt32LE(p + 16);
    const size = b.readUInt32LE(p + 24);
    const nameLen = b.readUInt16LE(p + 28);
    const next = p + 46 + nameLen + b.readUInt16LE(p + 30) + b.readUInt16LE(p + 32);
    if (next > end) throw bad('central directory garbled');
    const nameBytes = b.subarray(p + 46, p + 46 + nameLen);
    // Without the UTF-8 flag a name is CP437: accept only its ASCII part, which is unambiguous.
    const name = flags & UTF8_FLAG || nameBytes.every((x) => x < 0x80) ? decodeName(nameBytes) : null;
    if (name === null) throw bad('name is not UTF-8');
    const what = `${JSON.stringify(name)}: `;
    const type = b.readUInt16LE(p + 40) & S_IFMT; // Unix mode in the high 16 bits
    if (flags & 1) throw bad(what + 'encrypted entry');
    if (flags & ~UTF8_FLAG) throw bad(what + `unsupported flags 0x${flags.toString(16)}`);
    if (method !== 0) throw bad(what + `compressed (method ${method}); only STORED is accepted`);
    if (b.readUInt32LE(p + 20) !== size) throw bad(what + 'compressed size differs from size');
    if (b.readUInt16LE(p + 34) !== 0) throw bad(what + 'multi-disk archive');
    if (type === S_IFLNK) throw bad(what + 'symbolic link');
    if (type === S_IFDIR || b[p + 38]! & 0x10) throw bad(what + 'directory entry');
    if (type !== 0 && type !== S_IFREG) throw bad(what + 'not a regular file');
    const why = unsafeName(name) ?? guard.add(name);
    if (why) throw bad(what + why);
    total += size;
    if (total > limits.maxTotalBytes) throw new ArchiveError('TOO_LARGE', `zip: over ${total} bytes`);
    found.push({ name, nameBytes, flags, crc, size, offset: b.readUInt32LE(p + 42) });
    p = next;
  }
  if (p !== end) throw bad('central directory size does not match its entries');

  // Each local header must repeat the central one (there are no data descriptors).
  const spans: [number, number][] = [];
  const entries = found.map((f) => {
    const o = f.offset;
    if (o + 30 > cdStart || b.readUInt32LE(o) !== LOCAL_SIG) throw bad(`${f.name}: no local header`);
    const nameLen = b.readUInt16LE(o + 26);
    const dataStart = o + 30 + nameLen + b.readUInt16LE(o + 28);
    const dataEnd = dataStart + f.size;
    if (dataEnd > cdStart) throw bad(`${f.name}: data runs into the central directory`);
    if (
      b.readUInt16LE(o + 6) !== f.flags ||
      b.readUInt16LE(o + 8) !== 0 ||
      b.readUInt32LE(o + 14) !== f.crc ||
      b.readUInt32LE(o + 18) !== f.size ||
      b.readUInt32LE(o + 22) !== f.size ||
      !b.subarray(o + 30, o + 30 + nameLen).equals(f.nameBytes)
    )
      throw bad(`${f.name}: local header disagrees with the central directory`);
    spans.push([o, dataEnd]);
    return { name: f.name, data: b.subarray(dataStart, dataEnd), crc: f.crc };
  });
  // Entries must tile the bytes before the central directory: no overlaps, nothing hidden.
  spans.sort((x, y) => x[0] - y[0]);
  let at = 0;
  for (const [start, stop] of spans) {
    if (start < at) throw bad('entries overlap');
    if (start > at) throw bad('unreferenced bytes between entries');
    at = stop;
  }
  if (at !== cdStart) throw bad('unreferenced bytes before the central directory');
  return entries.map(({ name, data, crc }) => {
    if (crc32(data) !== crc) throw bad(`${name}: CRC-32 mismatch`);
    return { name, data };
  });
}
