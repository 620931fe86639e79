import { ArchiveError } from './archive-error';
import { type ArchiveEntry, NameGuard, decodeName, unsafeName } from './zip';

/**
 * The payload's tar (gzipped and encrypted around it by the caller): POSIX ustar, regular files
 * only. The writer makes the same bytes for the same entries (mode 0644, owner 0, mtime 0); the
 * reader is strict because payloads come from untrusted stations: no links, no folders, no
 * pax/GNU extension headers, no bytes after the end.
 */

export interface TarLimits {
  maxEntries: number;
  maxTotalBytes: number;
  maxEntryBytes: number;
}

const BLOCK = 512;
const MAGIC = 'ustar\u000000'; // magic "ustar\0" then version "00": POSIX, not GNU's "ustar  \0"
const MAX_SIZE = 0o77777777777; // 11 octal digits

function writeOctal(h: Buffer, at: number, len: number, value: number): void {
  h.write(value.toString(8).padStart(len - 1, '0') + '\0', at, 'latin1');
}

export function writeTar(entries: ArchiveEntry[]): Buffer {
  const guard = new NameGuard();
  const parts: Uint8Array[] = [];
  for (const { name, data } of entries) {
    const why = unsafeName(name) ?? guard.add(name);
    if (why) throw new Error(`writeTar: ${why}: ${JSON.stringify(name)}`);
    if (Buffer.byteLength(name) > 100) throw new Error(`writeTar: name over 100 bytes: ${name}`);
    if (data.length > MAX_SIZE) throw new Error('writeTar: entry too large for ustar');
    const h = Buffer.alloc(BLOCK);
    h.write(name, 0, 'utf8');
    writeOctal(h, 100, 8, 0o644); // mode
    writeOctal(h, 108, 8, 0); // uid
    writeOctal(h, 116, 8, 0); // gid
    writeOctal(h, 124, 12, data.length);
    writeOctal(h, 136, 12, 0); // mtime
    h.write('0', 156, 'latin1'); // regular file; owner names at 265 and 297 stay empty
    h.write(MAGIC, 257, 'latin1');
    writeOctal(h, 329, 8, 0); // devmajor
    writeOctal(h, 337, 8, 0); // devminor
    writeOctal(h, 148, 7, checksum(h)); // six digits and NUL; byte 155 is a space
    h[155] = 0x20;
    parts.push(h, data);
    const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}

/** Sum of the header's bytes with the checksum field counted as eight spaces. */
function checksum(h: Buffer): number {
  let sum = 8 * 0x20;
  for (let i = 0; i < BLOCK; i++) if (i < 148 || i >= 156) sum += h[i]!;
  return sum;
}

const bad = (why: string) => new ArchiveError('BAD_ARCHIVE', `tar: ${why}`);

/** An octal number field: digits (after optional spaces), then only spaces or NULs. */
function octal(h: Buffer, at: number, len: number, what: string): number {
  const m = /^ *([0-7]+)[ \0]*$/.exec(h.toString('latin1', at, at + len));
  if (!m) throw bad(`${what} is not an octal number`);
  return parseInt(m[1]!, 8);
}

/** A text field up to its first NUL. */
function field(h: Buffer, at: number, len: number): Buffer {
  const f = h.subarray(at, at + len);
  const nul = f.indexOf(0);
  return nul < 0 ? f : f.subarray(0, nul);
}

const isZero = (block: Uint8Array) => block.every((x) => x === 0);

const TYPES: Record<string, string> = {
  '1': 'hard link',
  '2': 'symbolic link',
  '5': 'directory',
  x: 'pax header',
  g: 'pax global header',
  L: 'GNU long name',
  K: 'GNU long link name',
};

/** Returns entries in archive order; `data` are views into `bytes`, not copies. */
export function readTar(bytes: Uint8Array, limits: TarLimits): ArchiveEntry[] {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length % BLOCK !== 0) throw bad('length is not a whole number of 512-byte blocks');
  const guard = new NameGuard();
  const entries: ArchiveEntry[] = [];
  let total = 0;
  for (let p = 0; ;) {
    if (p + BLOCK > b.length) throw bad('no end-of-archive blocks (truncated)');
    const h = b.subarray(p, p + BLOCK);
    if (isZero(h)) {
      // Two zero blocks end the archive; GNU tar pads its last record with more zeros.
      if (p + 2 * BLOCK > b.length || !isZero(b.subarray(p + BLOCK, p + 2 * BLOCK)))
        throw bad('a lone zero block (truncated or garbled)');
      if (!isZero(b.subarray(p + 2 * BLOCK))) throw bad('data after the end-of-archive blocks');
      return entries;
    }
    if (h.toString('latin1', 257, 265) !== MAGIC) throw bad('not a POSIX ustar header');
    if (octal(h, 148, 8, 'checksum') !== checksum(h)) throw bad('header checksum mismatch');
    const type = String.fromCharCode(h[156]!);
    if (type !== '0' && type !== '\0')
      throw bad(`${TYPES[type] ?? `entry type ${JSON.stringify(type)}`} refused: regular files only`);
    octal(h, 100, 8, 'mode');
    octal(h, 108, 8, 'uid');
    octal(h, 116, 8, 'gid');
    octal(h, 136, 12, 'mtime');
    const size = octal(h, 124, 12, 'size');
    if (entries.length >= limits.maxEntries) throw new ArchiveError('TOO_LARGE', 'tar: too many entries');
    if (size > limits.maxEntryBytes) throw new ArchiveError('TOO_LARGE', `tar: entry of ${size} bytes`);
    total += size;
    if (total > limits.maxTotalBytes) throw new ArchiveError('TOO_LARGE', `tar: over ${total} bytes`);
    const prefix = field(h, 345, 155);
    const base = field(h, 0, 100);
    const name = decodeName(prefix.length ? Buffer.concat([prefix, Buffer.from('/'), base]) : base);
    if (name === null) throw bad('name is not UTF-8');
    const why = unsafeName(name) ?? guard.add(name);
    if (why) throw bad(`${JSON.stringify(name)}: ${why}`);
    const start = p + BLOCK;
    if (start + size > b.length) throw bad(`${name}: data cut short`);
    entries.push({ name, data: b.subarray(start, start + size) });
    p = start + Math.ceil(size / BLOCK) * BLOCK;
  }
}
