import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { ArchiveError } from '../../main/services/packages/archive-error';
import { readTar, writeTar } from '../../main/services/packages/tar';
import {
  type ArchiveEntry,
  crc32,
  crc32Table,
  readZip,
  unsafeName,
  writeZip,
} from '../../main/services/packages/zip';
import { seededRandom } from '../../main/services/seeded-random';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'sd-archives-'));
  dirs.push(d);
  return d;
}

const ZIP_LIMITS = { maxEntries: 100, maxTotalBytes: 10_000_000 };
const TAR_LIMITS = { ...ZIP_LIMITS, maxEntryBytes: 5_000_000 };
const text = (s: string) => Buffer.from(s, 'utf8');
const env = { ...process.env, LC_ALL: 'C.UTF-8', TZ: 'UTC' };
const run = (cmd: string, args: string[], cwd?: string) =>
  execFileSync(cmd, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Entries like a real payload: nested names, a 0-byte file, one over several tar blocks. */
function sample(): ArchiveEntry[] {
  const big = Buffer.alloc(70_000);
  for (let i = 0; i < big.length; i++) big[i] = (i * 7919) % 251;
  return [
    { name: 'header.json', data: text('{"seq":1}') },
    { name: 'tables/receptions.ndjson', data: text('{"id":1,"note":"来访"}\n') },
    { name: 'audit.ndjson', data: new Uint8Array(0) },
    { name: 'attachments/' + 'ab'.repeat(32), data: big },
  ];
}
const plain = (es: ArchiveEntry[]) => es.map((e) => ({ name: e.name, data: Buffer.from(e.data) }));

/** Writes entries under `dir` as files (for the stock tools). */
function writeFiles(dir: string, es: ArchiveEntry[]): void {
  for (const e of es) {
    mkdirSync(dirname(join(dir, e.name)), { recursive: true });
    writeFileSync(join(dir, e.name), e.data);
  }
}
function expectFiles(dir: string, es: ArchiveEntry[]): void {
  for (const e of es) expect(readFileSync(join(dir, e.name)).equals(e.data)).toBe(true);
}

function refusal(fn: () => unknown): ArchiveError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ArchiveError);
    return e as ArchiveError;
  }
  throw new Error('expected a refusal, but it was accepted');
}

// ---- ZIP crafted by hand: every header field can be set wrong on purpose ----
interface Raw {
  name: string;
  data: Uint8Array;
  method?: number;
  size?: number; // uncompressed size, when it differs (deflated)
  crc?: number;
  flags?: number;
  attrs?: number;
  localName?: string;
  localCrc?: number;
}
function localHeader(r: Raw): Buffer {
  const name = text(r.localName ?? r.name);
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(r.flags ?? 0x800, 6);
  h.writeUInt16LE(r.method ?? 0, 8);
  h.writeUInt16LE(0x21, 12);
  h.writeUInt32LE(r.localCrc ?? r.crc ?? zlib.crc32(r.data), 14);
  h.writeUInt32LE(r.data.length, 18);
  h.writeUInt32LE(r.size ?? r.data.length, 22);
  h.writeUInt16LE(name.length, 26);
  return Buffer.concat([h, name, r.data]);
}
function centralHeader(r: Raw, offset: number): Buffer {
  const name = text(r.name);
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE(0x031e, 4);
  h.writeUInt16LE(20, 6);
  h.writeUInt16LE(r.flags ?? 0x800, 8);
  h.writeUInt16LE(r.method ?? 0, 10);
  h.writeUInt16LE(0x21, 14);
  h.writeUInt32LE(r.crc ?? zlib.crc32(r.data), 16);
  h.writeUInt32LE(r.data.length, 20);
  h.writeUInt32LE(r.size ?? r.data.length, 24);
  h.writeUInt16LE(name.length, 28);
  h.writeUInt32LE(r.attrs ?? 0o100644 * 0x10000, 38);
  h.writeUInt32LE(offset, 42);
  return Buffer.concat([h, name]);
}
/** A zip of `raws`; `body` and `offsets` replace the local headers for overlap tricks. */
function craftZip(raws: Raw[], body?: Buffer, offsets?: number[]): Buffer {
  const locals = raws.map(localHeader);
  const at = offsets ?? locals.map((_, i) => locals.slice(0, i).reduce((n, l) => n + l.length, 0));
  const cd = Buffer.concat(raws.map((r, i) => centralHeader(r, at[i]!)));
  const end = Buffer.alloc(22);
  const bodyBytes = body ?? Buffer.concat(locals);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(raws.length, 8);
  end.writeUInt16LE(raws.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(bodyBytes.length, 16);
  return Buffer.concat([bodyBytes, cd, end]);
}

// ---- tar headers crafted by hand ----
function tarHeader(name: string, size: number, type = '0', sizeField?: string): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0);
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(sizeField ?? size.toString(8).padStart(11, '0') + '\0', 124);
  h.write('00000000000\0', 136);
  h.write(type, 156);
  h.write('ustar\u000000', 257, 'latin1');
  let sum = 0;
  h.fill(0x20, 148, 156);
  for (const x of h) sum += x;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return h;
}
function craftTar(files: { name: string; data: Uint8Array; type?: string }[]): Buffer {
  const parts = files.flatMap((f) => [
    tarHeader(f.name, f.data.length, f.type),
    f.data,
    Buffer.alloc((512 - (f.data.length % 512)) % 512),
  ]);
  return Buffer.concat([...parts, Buffer.alloc(1024)]);
}

describe('CRC-32', () => {
  it('the table fallback agrees with zlib on the check value and random data', () => {
    expect(crc32Table(text('123456789'))).toBe(0xcbf43926);
    expect(crc32(text('123456789'))).toBe(0xcbf43926);
    const rnd = seededRandom(7);
    const data = Buffer.from(Array.from({ length: 100_003 }, () => Math.floor(rnd() * 256)));
    expect(crc32Table(data)).toBe(zlib.crc32(data));
    expect(crc32Table(new Uint8Array(0))).toBe(0);
  });
});

describe('writeZip / readZip', () => {
  it('round-trips entries in order, 0-byte and UTF-8 names included, same bytes every time', () => {
    const es = [...sample(), { name: '附件/说明.txt', data: text('中文') }];
    const zip = writeZip(es);
    expect(plain(readZip(zip, ZIP_LIMITS))).toEqual(plain(es));
    expect(writeZip(es).equals(zip)).toBe(true);
    expect(readZip(writeZip([]), ZIP_LIMITS)).toEqual([]);
    // the fixed fields of the first local header: stored, UTF-8 flag, 1980-01-01, no extra
    expect(zip.readUInt16LE(6)).toBe(0x800);
    expect(zip.readUInt16LE(8)).toBe(0);
    expect(zip.readUInt32LE(10)).toBe(0x21 << 16);
    expect(zip.readUInt16LE(28)).toBe(0);
  });

  it('is accepted by stock unzip, which extracts identical bytes', () => {
    const d = tmp();
    const es = sample();
    writeFileSync(join(d, 'p.zip'), writeZip(es));
    expect(run('unzip', ['-t', 'p.zip'], d)).toContain('No errors detected');
    const listing = run('unzip', ['-l', 'p.zip'], d);
    for (const e of es) expect(listing).toContain(e.name);
    run('unzip', ['-q', 'p.zip', '-d', 'out'], d);
    expectFiles(join(d, 'out'), es);
    expect(run('unzip', ['-Z', 'p.zip'], d)).toMatch(/-rw-r--r--.*stor.*header\.json/);
  });

  it('reads a zip made by stock `zip -0` (extra fields and all)', () => {
    if (!existsSync('/usr/bin/zip')) {
      console.warn('[package-archives] `zip` not installed: skipping reading its output');
      return;
    }
    const d = tmp();
    const es = sample();
    writeFiles(join(d, 'in'), es);
    run('zip', ['-0', '-D', '-q', join(d, 'z.zip'), ...es.map((e) => e.name)], join(d, 'in'));
    expect(plain(readZip(readFileSync(join(d, 'z.zip')), ZIP_LIMITS))).toEqual(plain(es));
  });

  it('accepts the hand-crafted zip helper when nothing is wrong (so the refusals below mean something)', () => {
    const ok = craftZip([
      { name: 'a.txt', data: text('a') },
      { name: 'b/c.txt', data: text('bc') },
    ]);
    expect(readZip(ok, ZIP_LIMITS).map((e) => e.name)).toEqual(['a.txt', 'b/c.txt']);
  });

  it.each(['../x', '/etc/x', 'a/../../x', 'C:/x', 'a\\b', './x', 'a//b', 'a\nb', 'x\u0000', 'con.txt', 'a.'])(
    'refuses the unsafe name %j',
    (name) => {
      const e = refusal(() => readZip(craftZip([{ name, data: text('x') }]), ZIP_LIMITS));
      expect(e.code).toBe('BAD_ARCHIVE');
    },
  );

  it('refuses symlinks, directories, duplicates and compressed, encrypted or corrupt entries', () => {
    const x = text('payload');
    const cases: [Raw[], RegExp][] = [
      [[{ name: 'link', data: text('/etc/passwd'), attrs: 0o120777 * 0x10000 }], /symbolic link/],
      [[{ name: 'dir', data: new Uint8Array(0), attrs: 0o040755 * 0x10000 }], /directory/],
      [[{ name: 'dir/', data: new Uint8Array(0) }], /directory/],
      [[{ name: 'dir', data: new Uint8Array(0), attrs: 0x10 }], /directory/], // MS-DOS attribute
      [[{ name: 'fifo', data: x, attrs: 0o010644 * 0x10000 }], /regular file/],
      [
        [
          { name: 'a', data: x },
          { name: 'a', data: x },
        ],
        /duplicate/,
      ],
      [
        [
          { name: 'Header.json', data: x },
          { name: 'header.JSON', data: x },
        ],
        /duplicate/,
      ],
      [
        [
          { name: 'a', data: x },
          { name: 'a/b', data: x },
        ],
        /also a file/,
      ],
      [
        [
          { name: 'a/b', data: x },
          { name: 'A', data: x },
        ],
        /also a folder/,
      ],
      [
        [{ name: 'd', data: zlib.deflateRawSync(x), method: 8, size: x.length, crc: zlib.crc32(x) }],
        /compressed \(method 8\)/,
      ],
      [[{ name: 'e', data: x, flags: 0x801 }], /encrypted/],
      [[{ name: 'dd', data: x, flags: 0x808 }], /unsupported flags/],
      [[{ name: 'c', data: x, crc: 1234 }], /CRC-32 mismatch/],
      [[{ name: 'l', data: x, localName: 'L' }], /local header disagrees/],
      [[{ name: 'l', data: x, localCrc: 1 }], /local header disagrees/],
      [
        [
          { name: 'n', data: x, flags: 0 },
          { name: 'ü', data: x, flags: 0 },
        ],
        /not UTF-8/,
      ],
    ];
    for (const [raws, why] of cases) {
      const e = refusal(() => readZip(craftZip(raws), ZIP_LIMITS));
      expect([e.code, e.message]).toEqual(['BAD_ARCHIVE', expect.stringMatching(why)]);
    }
  });

  it('refuses overlapping entries and bytes no entry owns', () => {
    // entry "outer" carries a whole local header of "inner" inside its data, both listed
    const inner: Raw = { name: 'inner', data: text('secret') };
    const outer: Raw = { name: 'outer', data: localHeader(inner) };
    const body = localHeader(outer);
    const overlap = craftZip([outer, inner], body, [0, 30 + 'outer'.length]);
    expect(refusal(() => readZip(overlap, ZIP_LIMITS)).message).toMatch(/overlap/);
    // a hidden blob between two entries
    const [a, b] = [localHeader({ name: 'a', data: text('a') }), localHeader({ name: 'b', data: text('b') })];
    const gap = craftZip(
      [
        { name: 'a', data: text('a') },
        { name: 'b', data: text('b') },
      ],
      Buffer.concat([a, text('HIDDEN'), b]),
      [0, a.length + 6],
    );
    expect(refusal(() => readZip(gap, ZIP_LIMITS)).message).toMatch(/unreferenced/);
  });

  it('refuses archive comments, bytes after the end and multi-disk or ZIP64 end records', () => {
    const zip = writeZip(sample());
    const withComment = Buffer.concat([zip, text('hi')]);
    withComment.writeUInt16LE(2, zip.length - 2);
    const patched = (at: number, value: number, width: 2 | 4) => {
      const z = Buffer.from(zip);
      if (width === 2) z.writeUInt16LE(value, z.length - 22 + at);
      else z.writeUInt32LE(value, z.length - 22 + at);
      return z;
    };
    for (const bad of [
      withComment,
      Buffer.concat([zip, Buffer.alloc(1)]),
      patched(4, 1, 2),
      patched(8, 3, 2),
      patched(16, 0xffffffff, 4),
      Buffer.from('PK\u0005\u0006 not a zip at all...', 'latin1'),
    ])
      expect(refusal(() => readZip(bad, ZIP_LIMITS)).code).toBe('BAD_ARCHIVE');
  });

  it('refuses too many entries and too many bytes with TOO_LARGE', () => {
    const zip = writeZip(sample());
    expect(refusal(() => readZip(zip, { maxEntries: 3, maxTotalBytes: 1e9 })).code).toBe('TOO_LARGE');
    expect(refusal(() => readZip(zip, { maxEntries: 9, maxTotalBytes: 60_000 })).code).toBe('TOO_LARGE');
    expect(readZip(zip, { maxEntries: 4, maxTotalBytes: 70_000 + 9 + 25 })).toHaveLength(4);
  });

  it('refuses a truncated zip at every cut point with an ArchiveError', () => {
    const zip = writeZip(sample());
    for (const cut of [0, 1, 4, 29, 30, 100, 70_100, zip.length - 100, zip.length - 22, zip.length - 1])
      expect(refusal(() => readZip(zip.subarray(0, cut), ZIP_LIMITS)).code).toBe('BAD_ARCHIVE');
  });

  it('writeZip refuses names its own reader would refuse', () => {
    expect(() => writeZip([{ name: '../x', data: text('x') }])).toThrow(/dot segment/);
    expect(() =>
      writeZip([
        { name: 'a', data: text('') },
        { name: 'A', data: text('') },
      ]),
    ).toThrow(/duplicate/);
  });
});

describe('writeTar / readTar', () => {
  it('round-trips entries in order (0-byte entry, multi-block entry, UTF-8 name)', () => {
    const es = [...sample(), { name: '附件/说明.txt', data: text('中文') }];
    const tar = writeTar(es);
    expect(tar.length % 512).toBe(0);
    expect(tar.subarray(-1024).every((x) => x === 0)).toBe(true);
    expect(plain(readTar(tar, TAR_LIMITS))).toEqual(plain(es));
    expect(writeTar(es).equals(tar)).toBe(true);
    expect(() => writeTar([{ name: 'a'.repeat(101), data: text('') }])).toThrow(Error);
    expect(readTar(writeTar([{ name: 'a'.repeat(100), data: text('z') }]), TAR_LIMITS)[0]!.name).toHaveLength(
      100,
    );
  });

  it('is accepted by GNU tar, plain and gzipped, with mode 0644, owner 0 and mtime 0', () => {
    const d = tmp();
    const es = sample();
    const tar = writeTar(es);
    writeFileSync(join(d, 'p.tar'), tar);
    writeFileSync(join(d, 'p.tar.gz'), zlib.gzipSync(tar));
    const listing = run('tar', ['-tvf', 'p.tar'], d).trim().split('\n');
    expect(listing).toHaveLength(es.length);
    expect(listing[0]).toMatch(/^-rw-r--r-- 0\/0 +9 1970-01-01 00:00 header\.json$/);
    mkdirSync(join(d, 'x'));
    run('tar', ['-xf', '../p.tar'], join(d, 'x'));
    expectFiles(join(d, 'x'), es);
    mkdirSync(join(d, 'z'));
    run('tar', ['-xzf', '../p.tar.gz'], join(d, 'z'));
    expectFiles(join(d, 'z'), es);
  });

  it('reads a ustar archive of regular files made by GNU tar (record padding and all)', () => {
    const d = tmp();
    const es = sample();
    writeFiles(join(d, 'in'), es);
    run('tar', ['--format=ustar', '-cf', join(d, 'g.tar'), '-C', join(d, 'in'), ...es.map((e) => e.name)]);
    const bytes = readFileSync(join(d, 'g.tar'));
    expect(bytes.length % 10240).toBe(0); // GNU pads to whole records
    expect(plain(readTar(bytes, TAR_LIMITS))).toEqual(plain(es));
  });

  it('accepts the hand-crafted tar helper when nothing is wrong', () => {
    expect(readTar(craftTar([{ name: 'a/b.txt', data: text('hi') }]), TAR_LIMITS)).toHaveLength(1);
  });

  it.each(['../x', '/etc/x', 'a/../../x', 'C:/x', 'a\\b', 'a//b', 'a\u0001'])(
    'refuses the unsafe name %j',
    (name) => {
      const e = refusal(() => readTar(craftTar([{ name, data: text('x') }]), TAR_LIMITS));
      expect(e.code).toBe('BAD_ARCHIVE');
    },
  );

  it('refuses links, folders, pax and GNU headers, duplicates, bad checksums and bad endings', () => {
    const x = text('x');
    const good = writeTar(sample());
    const badSum = Buffer.from(good);
    badSum[0] = 'H'.charCodeAt(0); // "header.json" -> "Header.json", checksum now wrong
    const gnuMagic = Buffer.from(good);
    gnuMagic.write('ustar  \0', 257, 'latin1');
    const cases: [Buffer, RegExp][] = [
      [craftTar([{ name: 'l', data: new Uint8Array(0), type: '2' }]), /symbolic link/],
      [craftTar([{ name: 'h', data: new Uint8Array(0), type: '1' }]), /hard link/],
      [craftTar([{ name: 'd', data: new Uint8Array(0), type: '5' }]), /directory/],
      [
        craftTar([
          { name: 'PaxHeader', data: text('20 path=../../evil\n'), type: 'x' },
          { name: 'a', data: x },
        ]),
        /pax header/,
      ],
      [
        craftTar([
          { name: '././@LongLink', data: text('../evil\0'), type: 'L' },
          { name: 'a', data: x },
        ]),
        /GNU long name/,
      ],
      [
        craftTar([
          { name: 'a', data: x },
          { name: 'a', data: x },
        ]),
        /duplicate/,
      ],
      [
        craftTar([
          { name: 'a.txt', data: x },
          { name: 'A.TXT', data: x },
        ]),
        /duplicate/,
      ],
      [badSum, /checksum mismatch/],
      [gnuMagic, /not a POSIX ustar/],
      [Buffer.concat([good, Buffer.from([1]), Buffer.alloc(511)]), /after the end/],
      [Buffer.concat([good, text('junk')]), /whole number of 512-byte blocks/],
      [
        Buffer.concat([good.subarray(0, -1024), Buffer.alloc(512), tarHeader('z', 0), Buffer.alloc(1024)]),
        /lone zero block/,
      ],
      [craftTar([{ name: 'a', data: x }]).fill(0x31, 124, 130), /checksum|octal/], // size field garbled
    ];
    for (const [bytes, why] of cases) {
      const e = refusal(() => readTar(bytes, TAR_LIMITS));
      expect([e.code, e.message]).toEqual(['BAD_ARCHIVE', expect.stringMatching(why)]);
    }
  });

  it('refuses huge sizes, too many entries and too many bytes with TOO_LARGE', () => {
    const huge = Buffer.concat([tarHeader('a', 0, '0', '77777777777\0'), Buffer.alloc(1024)]);
    expect(refusal(() => readTar(huge, TAR_LIMITS)).code).toBe('TOO_LARGE');
    const hugest = Buffer.concat([tarHeader('a', 0, '0', '777777777777'), Buffer.alloc(1024)]);
    expect(refusal(() => readTar(hugest, TAR_LIMITS)).code).toBe('TOO_LARGE');
    const base256 = Buffer.concat([
      tarHeader('a', 0, '0', '\u0080' + '\u0000'.repeat(10) + '\u0001'),
      Buffer.alloc(1024),
    ]);
    expect(refusal(() => readTar(base256, TAR_LIMITS)).code).toBe('BAD_ARCHIVE');
    const tar = writeTar(sample());
    expect(refusal(() => readTar(tar, { ...TAR_LIMITS, maxEntries: 3 })).code).toBe('TOO_LARGE');
    expect(refusal(() => readTar(tar, { ...TAR_LIMITS, maxEntryBytes: 69_999 })).code).toBe('TOO_LARGE');
    expect(refusal(() => readTar(tar, { ...TAR_LIMITS, maxTotalBytes: 70_000 })).code).toBe('TOO_LARGE');
    expect(
      readTar(tar, { maxEntries: 4, maxEntryBytes: 70_000, maxTotalBytes: 70_000 + 9 + 25 }),
    ).toHaveLength(4);
  });

  it('refuses a truncated tar at every cut point with an ArchiveError', () => {
    const tar = writeTar(sample());
    for (const cut of [
      0,
      1,
      511,
      512,
      1024,
      1536,
      20_000,
      tar.length - 1024,
      tar.length - 512,
      tar.length - 1,
    ])
      expect(refusal(() => readTar(tar.subarray(0, cut), TAR_LIMITS)).code).toBe('BAD_ARCHIVE');
  });
});

describe('fuzzing', () => {
  it('2000 single-byte mutations or truncations: the same entries or an ArchiveError, nothing else', () => {
    const es = [
      { name: 'header.json', data: text('{"seq":1}') },
      { name: 'tables/a.ndjson', data: text('{"id":1}\n'.repeat(80)) },
      { name: 'audit.ndjson', data: new Uint8Array(0) },
    ];
    const zip = writeZip(es);
    const tar = writeTar(es);
    const rnd = seededRandom(2024);
    const outcomes = { accepted: 0, refused: 0 };
    for (let i = 0; i < 2000; i++) {
      const isZip = i % 2 === 0;
      const good = isZip ? zip : tar;
      const at = Math.floor(rnd() * good.length);
      let bytes: Buffer;
      if (rnd() < 0.2) bytes = good.subarray(0, at);
      else {
        bytes = Buffer.from(good);
        bytes[at] = (bytes[at]! + 1 + Math.floor(rnd() * 255)) % 256;
      }
      let got: ArchiveEntry[];
      try {
        got = isZip ? readZip(bytes, ZIP_LIMITS) : readTar(bytes, TAR_LIMITS);
      } catch (e) {
        if (!(e instanceof ArchiveError)) throw new Error(`mutation ${i} at ${at}: ${String(e)}`);
        outcomes.refused++;
        continue;
      }
      outcomes.accepted++;
      // ZIP: the CRC guards the data, so anything accepted is exactly the original. Tar has no
      // data checksum: names and sizes are still guarded by the header checksum.
      if (isZip) expect(plain(got)).toEqual(plain(es));
      else expect(got.map((e) => [e.name, e.data.length])).toEqual(es.map((e) => [e.name, e.data.length]));
      for (const e of got) expect(unsafeName(e.name)).toBeNull();
    }
    expect(outcomes.refused).toBeGreaterThan(500);
    expect(outcomes.accepted).toBeGreaterThan(100);
  });
});
