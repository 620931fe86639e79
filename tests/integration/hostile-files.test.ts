import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CallResult, Deputy, ImportPreview } from '../../main/api/contract';
import { dispatch } from '../../main/api/router';
import { enrollStation, initCounty, receivePackage } from '../../main/services/county/county';
import { formatPublicKey, generateSigningKey, type SigningKey } from '../../main/services/keys';
import { PackageError, type PackageErrorCode } from '../../main/services/packages/format';
import { writeTar } from '../../main/services/packages/tar';
import { SYNCED_TABLES } from '../../db/schema';
import { buildWorkbook } from '../helpers/roster';
import { callOk, openTempStation } from '../helpers/station';
import { tempDirs } from '../helpers/temp-dirs';
import { makePackage, TEST_STATION, type Row } from '../support/make-package';
import { bombSheet, part, workbookParts, workbookWithSheet, writeDeflatedZip } from '../support/hostile';

// A USB stick full of junk: hostile Excel rosters and holiday files through the API, hostile
// packages at the county. Each is refused with a Chinese message (or taken in safely as plain
// text), in bounded memory, with nothing half-applied.

const CJK = /[\u4e00-\u9fff]/;
const HEADER = ['姓名', '性别', '民族', '工作单位及职务', '地址', '简介', '联系电话', '代表层级'];

describe('hostile Excel rosters', () => {
  let station: Awaited<ReturnType<typeof openTempStation>>;
  beforeAll(async () => {
    station = await openTempStation();
  });
  afterAll(() => station.close());

  const importFile = (name: 'roster.importPreview' | 'roster.importCommit', bytes: Buffer) =>
    dispatch(name, { fileName: '名册.xlsx', base64: bytes.toString('base64') }, station.ctx);

  const deputies = () => station.ctx.sqlite.prepare('SELECT count(*) AS n FROM deputies').pluck().get();

  /** Refused by both preview and commit with a Chinese VALIDATION message; nothing stored. */
  async function expectRefused(bytes: Buffer, message?: RegExp) {
    const before = deputies();
    for (const call of ['roster.importPreview', 'roster.importCommit'] as const) {
      const result = await importFile(call, bytes);
      expect(result.ok, call).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('VALIDATION');
      expect(result.error.message).toMatch(message ?? CJK);
    }
    expect(deputies()).toBe(before);
  }

  /** Either refused cleanly or previewed; never an internal error. */
  function expectClean(result: CallResult): ImportPreview | null {
    if (result.ok) return result.value as ImportPreview;
    expect(result.error.code).toBe('VALIDATION');
    expect(result.error.message).toMatch(CJK);
    return null;
  }

  it('a zip bomb (1 GiB sheet in ~3 MB) is refused before anything inflates it, in small memory', async () => {
    const sheet = await bombSheet(1 << 30);
    const honest = await workbookWithSheet(sheet);
    // The same bomb declaring a 10 kB sheet: caught by inflating under the declared size.
    const lying = await workbookWithSheet({ ...sheet, declaredSize: 10_000 });
    expect(honest.length).toBeLessThan(8 * 1024 * 1024);
    const rssBefore = process.memoryUsage().rss;
    const peakBefore = process.resourceUsage().maxRSS * 1024;
    await expectRefused(honest, /解压后太大/);
    await expectRefused(lying, /解压后太大/);
    // Peak RSS for the whole process: it must not have grown by anything like the sheet's size.
    const peakGrowth = process.resourceUsage().maxRSS * 1024 - Math.max(peakBefore, rssBefore);
    console.log(`zip bomb: peak RSS grew by ${Math.round(peakGrowth / 2 ** 20)} MB`);
    expect(peakGrowth).toBeLessThan(64 * 1024 * 1024);
  }, 60_000);

  it('a non-zip renamed .xlsx, a truncated one, an empty one and a zip with no workbook are refused', async () => {
    const good = await buildWorkbook([HEADER, ['张三', '男', '汉族', '卫生院院长', '', '', '13805712345']]);
    await expectRefused(Buffer.from('姓名,性别\n张三,男\n'), /不是 Excel/);
    await expectRefused(good.subarray(0, Math.floor(good.length / 2)));
    await expectRefused(good.subarray(0, good.length - 10));
    await expectRefused(writeDeflatedZip([part('readme.txt', 'xl/workbook.xml is not here')]));
    // The zip's own structure garbled after the signature.
    const garbled = Buffer.from(good);
    garbled.fill(0xff, garbled.length - 300, garbled.length - 30);
    await expectRefused(garbled);
  });

  it('a zip-slip entry name is never written anywhere: the workbook is read from memory only', async () => {
    const parts = await workbookParts([HEADER, ['李四', '女', '汉族', '', '', '', '']]);
    const slip = writeDeflatedZip([...parts, part('../../evil.txt', 'x'), part('/tmp/evil-abs.txt', 'x')]);
    const preview = expectClean(await importFile('roster.importPreview', slip));
    if (preview) expect(preview.rows.map((r) => r.name)).toEqual(['李四']);
    expect(existsSync(join(station.dir, '..', '..', 'evil.txt'))).toBe(false);
    expect(existsSync(join(process.cwd(), '..', '..', 'evil.txt'))).toBe(false);
    expect(existsSync('/tmp/evil-abs.txt')).toBe(false);
  });

  it('huge cells (100k characters) are cut and refused by the field rules, not stored', async () => {
    const huge = '长'.repeat(100_000);
    const bytes = await buildWorkbook([HEADER, [huge, '男', '汉族', huge, huge, huge, '13805712345']]);
    const before = deputies();
    const preview = expectClean(await importFile('roster.importCommit', bytes));
    if (preview) expect(preview.rows[0]!.action).toBe('reject');
    expect(deputies()).toBe(before);
  });

  it('100,000 rows are refused with the row cap in Chinese', async () => {
    const rows = [HEADER, ...Array.from({ length: 100_000 }, (_, i) => [`代表${i}`, '男', '汉族'])];
    await expectRefused(await buildWorkbook(rows), /5000行/);
  }, 60_000);

  it('formula cells and =+-@ text are taken as plain text, and the export writes no formula back', async () => {
    const injections = ["=cmd|' /C calc'!A0", '+1+1', '-2+3', '@SUM(1+1)'];
    const bytes = await buildWorkbook([
      HEADER,
      [
        '王五',
        '男',
        '汉族',
        { formula: 'HYPERLINK("http://evil.example","点我")', result: '点我' },
        injections[0],
        injections[1],
        '13805712345',
        '乡镇',
      ],
      ['赵六', '女', '汉族', injections[2], injections[3], '=1+1', '13805712346', '乡镇'],
      // A formula without a cached result: nothing to take, never evaluated.
      ['钱七', '女', '汉族', { formula: 'WEBSERVICE("http://evil.example")' }, '', '', '13805712347', '乡镇'],
    ]);
    const preview = expectClean(await importFile('roster.importCommit', bytes));
    expect(preview?.counts.add).toBe(3);
    const rows = station.ctx.sqlite
      .prepare(
        "SELECT name, workplace_post AS post, address, bio FROM deputies WHERE name IN ('王五','赵六','钱七') ORDER BY name",
      )
      .all() as { name: string; post: string; address: string; bio: string }[];
    expect(rows).toEqual([
      { name: '王五', post: '点我', address: injections[0], bio: injections[1] },
      { name: '赵六', post: injections[2], address: injections[3], bio: '=1+1' },
      { name: '钱七', post: '', address: '', bio: '' },
    ]);
    const exported = await callOk<{ base64: string }>(station.ctx, 'roster.exportXlsx', {});
    const file = Buffer.from(exported.base64, 'base64');
    const zip = await JSZip.loadAsync(file);
    const sheets = Object.keys(zip.files).filter((n) => n.startsWith('xl/worksheets/sheet'));
    for (const name of sheets) expect(await zip.files[name]!.async('string')).not.toMatch(/<f[ >]/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as ExcelJS.Buffer);
    const cells: ExcelJS.Cell[] = [];
    workbook.worksheets[0]!.eachRow((row) => row.eachCell((c) => cells.push(c)));
    const risky = cells.filter((c) => /^[=+\-@]/.test(String(c.value)));
    expect(risky.length).toBeGreaterThanOrEqual(5);
    for (const c of risky) expect(c.type).toBe(ExcelJS.ValueType.String);
  });

  it('wrong types, rich text, merged cells, empty sheets, headers only, duplicate headers: clean answers', async () => {
    const rich = { richText: [{ text: '孙' }, { text: '八', font: { bold: true } }] };
    const cases: [string, unknown[][]][] = [
      [
        'numbers, dates and booleans where text belongs',
        [HEADER, [12345, true, new Date(0), 3.14, false, -1, 1e21]],
      ],
      ['rich text', [HEADER, [rich, '男', '汉族', rich, '', '', '13805712348']]],
      ['headers only', [HEADER]],
      [
        'duplicate headers',
        [
          [...HEADER, '姓名', '性别'],
          ['周九', '男', '汉族', '', '', '', '13805712349', '吴十', '女'],
        ],
      ],
      ['errors in cells', [HEADER, [{ error: '#REF!' }, '男', '汉族', { error: '#DIV/0!' }, '', '', '']]],
    ];
    for (const [label, rows] of cases) {
      expectClean(await importFile('roster.importPreview', await buildWorkbook(rows)));
      void label;
    }
    await expectRefused(await buildWorkbook([]), /没有任何内容/);
    // Merged cells across the header and a row.
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名册');
    sheet.addRow(HEADER);
    sheet.addRow(['郑十一', '男', '汉族', '合并的单位', '', '', '13805712350']);
    sheet.mergeCells('D2:F2');
    sheet.mergeCells('A1:B1');
    const merged = Buffer.from(await workbook.xlsx.writeBuffer());
    expectClean(await importFile('roster.importPreview', merged));
    // Whatever the previews said, the rows stored are plain text with their rules.
    const stored = await callOk<{ items: Deputy[] }>(station.ctx, 'roster.list', {});
    for (const d of stored.items) expect(typeof d.name).toBe('string');
  });

  it('hostile holiday files are refused with a Chinese message', async () => {
    const texts = [
      '\u0000\u0001\u0002',
      "=cmd|' /C calc'!A0",
      "2027-01-01,'; DROP TABLE holidays; --",
      '2027-02-30,休',
      '9999-99-99,班',
      '<script>alert(1)</script>',
      '\ud800\udc00\ud800',
      '2027-01-01,' + '长'.repeat(40_000),
    ];
    for (const text of texts) {
      const result = await dispatch('holidays.importFile', { fileName: '节假日.csv', text }, station.ctx);
      expect(result.ok, text.slice(0, 40)).toBe(false);
      if (result.ok) continue;
      expect(result.error.code).toBe('VALIDATION');
      expect(result.error.message).toMatch(CJK);
    }
  });
});

describe('hostile packages at the county: what county-checks.test.ts does not cover', () => {
  const tmp = tempDirs();
  let county: string;
  let stationKey: SigningKey;
  let recipients: string[];

  beforeEach(async () => {
    const dir = tmp();
    county = join(dir, 'county');
    const profile = join(dir, 'profile.json');
    await initCounty({ dataDir: county, name: '青山县人大常委会', profileOut: profile });
    recipients = (
      JSON.parse(readFileSync(profile, 'utf8')) as { recipients: { recipient: string }[] }
    ).recipients.map((r) => r.recipient);
    stationKey = generateSigningKey();
    await enrollStation(county, TEST_STATION.code, formatPublicKey(stationKey));
  });

  const build = (parts: Omit<Parameters<typeof makePackage>[0], 'key' | 'recipients'>) =>
    makePackage({ key: stationKey, recipients, ...parts });

  function snapshot(): unknown {
    const db = new Database(join(county, 'stations', `${TEST_STATION.code}.db`), { readonly: true });
    try {
      return Object.fromEntries(
        [...SYNCED_TABLES, 'audit_log', 'attachments'].map((t) => [
          t,
          db.prepare(`SELECT * FROM "${t}"`).all(),
        ]),
      );
    } finally {
      db.close();
    }
  }

  /** Refused with `code`, as a signed receipt or a thrown PackageError; nothing applied. */
  async function expectRefused(bytes: Buffer, code: PackageErrorCode) {
    const before = snapshot();
    const outcome = await receivePackage(county, bytes).then(
      (r) => r,
      (e: unknown) => e,
    );
    if (outcome instanceof PackageError) expect(outcome.code).toBe(code);
    else {
      expect(outcome).toMatchObject({ status: 'rejected', code });
    }
    expect(snapshot()).toEqual(before);
  }

  const group = (name: unknown, extra: Record<string, unknown> = {}): Row =>
    ({
      id: '01950000-0000-7000-8000-000000000001',
      name,
      rev: 1,
      created_at: '2026-03-01T09:00:00+08:00',
      updated_at: '2026-03-01T09:00:00+08:00',
      deleted_at: null,
      ...extra,
    }) as Row;

  it('absolute and drive paths in the outer zip; deflated entries (a bomb in disguise)', async () => {
    for (const name of ['/etc/passwd', 'C:/Windows/evil.txt', 'C:\\evil.txt', 'a/../../evil.txt'])
      await expectRefused(
        (await build({ extraZipEntries: [{ name, data: Buffer.from('x') }] })).bytes,
        'BAD_ARCHIVE',
      );
    const good = await build({ tables: { deputy_groups: [group('第一组')] } });
    const entries = await JSZip.loadAsync(good.bytes);
    const deflated = writeDeflatedZip(
      await Promise.all(
        Object.keys(entries.files).map(async (n) => ({
          ...part(n, await entries.files[n]!.async('nodebuffer')),
          declaredSize: 100,
        })),
      ),
    );
    await expectRefused(deflated, 'BAD_ARCHIVE');
  });

  it('zip slip, absolute paths and symlinks inside the payload tar', async () => {
    const tarWith = (name: string, typeflag = '0') => {
      const tar = Buffer.from(writeTar([{ name: 'header.json', data: Buffer.from('{}') }]));
      tar.fill(0, 0, 100);
      tar.write(name, 0, 'utf8');
      tar[156] = typeflag.charCodeAt(0);
      let sum = 8 * 0x20;
      for (let i = 0; i < 512; i++) if (i < 148 || i >= 156) sum += tar[i]!;
      tar.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
      return gzipSync(tar);
    };
    for (const [name, flag] of [
      ['../../evil.ndjson', '0'],
      ['/etc/passwd', '0'],
      ['tables/../../x', '0'],
      ['tables/deputy_groups.ndjson', '2'],
      ['tables/deputy_groups.ndjson', '1'],
    ] as const)
      await expectRefused((await build({ gzipBytes: tarWith(name, flag) })).bytes, 'BAD_ARCHIVE');
    expect(existsSync(join(dirname(county), 'evil.ndjson'))).toBe(false);
  });

  it('a manifest that is not UTF-8, deeply nested, or of the wrong shape', async () => {
    const notUtf8 = Buffer.concat([
      Buffer.from('{"station":"'),
      Buffer.from([0xff, 0xfe, 0xc0]),
      Buffer.from('"}'),
    ]);
    await expectRefused((await build({ manifestBytes: notUtf8 })).bytes, 'BAD_MANIFEST');
    const utf16 = Buffer.from('\ufeff{"seq":1}', 'utf16le');
    await expectRefused((await build({ manifestBytes: utf16 })).bytes, 'BAD_MANIFEST');
    const deep = Buffer.from('['.repeat(200_000) + ']'.repeat(200_000));
    await expectRefused((await build({ manifestBytes: deep })).bytes, 'BAD_MANIFEST');
    for (const edit of [
      (m: Record<string, unknown>) => (m.files = 'payload'),
      (m: Record<string, unknown>) => (m.station = ['LHX-001']),
      (m: Record<string, unknown>) => (m.seq = -1),
      (m: Record<string, unknown>) => (m.seq = 1e300),
      // An own "__proto__" key, as JSON.parse makes it from the file.
      (m: Record<string, unknown>) =>
        Object.defineProperty(m, '__proto__', { value: { polluted: 1 }, enumerable: true }),
    ])
      await expectRefused((await build({ editManifest: edit })).bytes, 'BAD_MANIFEST');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rows of the wrong type or nested JSON are refused; SQL in values is kept as plain text', async () => {
    // (A number in a TEXT column is coerced to text by the STRICT table; see the report.)
    for (const bad of [
      group({ a: 1 }),
      group(['x']),
      group(true),
      group('x', { rev: '1' }),
      group('x', { created_at: [] }),
    ])
      await expectRefused((await build({ tables: { deputy_groups: [bad] } })).bytes, 'BAD_ROWS');
    const deepRow = JSON.parse(`{"v":${'['.repeat(100)}${']'.repeat(100)}}`) as unknown;
    await expectRefused((await build({ tables: { deputy_groups: [group(deepRow)] } })).bytes, 'BAD_ROWS');
    const sql = "'); DROP TABLE deputy_groups; --";
    const result = await receivePackage(
      county,
      (await build({ tables: { deputy_groups: [group(sql)] } })).bytes,
    );
    expect(result.status).toBe('applied');
    expect((snapshot() as { deputy_groups: { name: string }[] }).deputy_groups.map((g) => g.name)).toEqual([
      sql,
    ]);
  });
});
