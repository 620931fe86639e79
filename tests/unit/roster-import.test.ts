import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallName, Deputy, DeputyDetail, ImportPreview } from '../../main/api/contract';
import { dispatch } from '../../main/api/router';
import { callOk, openTempStation } from '../helpers/station';
import { buildWorkbook, SAMPLE_DEPUTY } from '../helpers/roster';
import ExcelJS from 'exceljs';

let station: Awaited<ReturnType<typeof openTempStation>>;
beforeEach(async () => {
  station = await openTempStation();
});
afterEach(() => station.close());

const call = <T>(name: CallName, input: unknown): Promise<T> => callOk<T>(station.ctx, name, input);

const file = (bytes: Buffer) => ({ fileName: '名册.xlsx', base64: bytes.toString('base64') });
const preview = (bytes: Buffer) => call<ImportPreview>('roster.importPreview', file(bytes));
const commit = (bytes: Buffer) => call<ImportPreview>('roster.importCommit', file(bytes));

function snapshot() {
  const s = station.ctx.sqlite;
  return {
    sync: s.prepare('SELECT rev, audit_seq, audit_head FROM sync_state').get(),
    deputies: s.prepare('SELECT count(*) AS n FROM deputies').get(),
    groups: s.prepare('SELECT count(*) AS n FROM deputy_groups').get(),
    history: s.prepare('SELECT count(*) AS n FROM deputy_status_history').get(),
  };
}

const HEADER = [
  '序号',
  '代表姓名',
  '性别',
  '出生日期',
  '民族',
  '代表级别',
  '单位职务',
  '手机',
  '代表证号',
  '原选举单位',
  '代表小组',
  '党派',
  '文化程度',
  '备注',
];

/** What a county really sends: a title, a blank row, header variants in their own order, a mess. */
function messyRows(phoneOfZhang = '１３８ ０５７１ ２３４５') {
  return [
    ['青山县莲花镇人大代表联络站进站代表名册（2026年）'],
    [],
    HEADER,
    [
      1,
      '张三',
      '男',
      new Date(Date.UTC(1975, 2, 8)),
      '汉族',
      '县、乡',
      '莲花镇卫生院院长',
      phoneOfZhang,
      'ＱＳ１８－０００１',
      '第一选区（桃源村）',
      '第一代表小组',
      '中共党员',
      '大学本科',
      '连任',
    ],
    [
      2,
      ' 李　四 ',
      '女',
      '1980.05',
      '汉',
      '乡镇',
      '桃源村党支部书记',
      '0571-88881234',
      '',
      '第二选区（柳溪村）',
      '第一代表小组',
      '中共党员',
      '大专',
      null,
    ],
    [],
    [
      3,
      '王五',
      '男',
      '1968年11月',
      '回族',
      '省,市',
      '青山县鑫达机械厂车间主任',
      { formula: '"139"&"00001111"', result: '13900001111' },
      'QS18-0002',
      '第三选区',
      '第二代表小组',
      '群众',
      '高中',
      null,
    ],
    [
      4,
      '赵六',
      '女',
      '1990/2/30',
      '汉族',
      '乡镇',
      '双溪村村医',
      '12345',
      'QS18-0003',
      '第四选区',
      '第二代表小组',
      '群众',
      '中专',
      null,
    ],
    [
      5,
      '钱七',
      '男',
      '1972-07-15',
      '汉族',
      '乡镇',
      '个体工商户',
      '13600002222',
      'QS18-0001',
      '第五选区',
      '第一代表小组',
      '群众',
      '初中',
      null,
    ],
    [
      6,
      '孙八',
      '男',
      '1965.09',
      '火星族',
      '村',
      '个体工商户',
      '13600003333',
      '',
      '第六选区',
      '第一代表小组',
      '群众',
      '初中',
      null,
    ],
  ];
}

describe('roster import: a messy county workbook', () => {
  it('previews every row exactly, writing nothing', async () => {
    const before = snapshot();
    const p = await preview(await buildWorkbook(messyRows()));
    expect(snapshot()).toEqual(before);
    expect(p).toMatchObject({
      headerRow: 3,
      ignoredHeaders: ['序号', '备注'],
      newGroups: ['第一代表小组', '第二代表小组'],
      counts: { add: 3, update: 0, unchanged: 0, reject: 3 },
    });
    expect(p.columns).toContainEqual({ header: '代表姓名', field: '姓名' });
    expect(p.columns).toContainEqual({ header: '原选举单位', field: '选区' });
    const rows = p.rows.map((r) => ({
      row: r.rowNumber,
      action: r.action,
      name: r.name,
      problems: r.problems.map((x) => x.column),
    }));
    expect(rows).toEqual([
      { row: 4, action: 'add', name: '张三', problems: [] },
      { row: 5, action: 'add', name: '李四', problems: [] },
      { row: 7, action: 'add', name: '王五', problems: [] },
      { row: 8, action: 'reject', name: '赵六', problems: ['出生日期', '手机'] },
      { row: 9, action: 'reject', name: '钱七', problems: ['代表证号'] },
      { row: 10, action: 'reject', name: '孙八', problems: ['代表级别', '民族'] },
    ]);
    const problem = (row: number, column: string) =>
      p.rows.find((r) => r.rowNumber === row)!.problems.find((x) => x.column === column)!.message;
    expect(problem(8, '出生日期')).toContain('不是一个真实的日期');
    expect(problem(8, '手机')).toContain('11位手机号');
    expect(problem(9, '代表证号')).toContain('与第4行重复');
    expect(problem(10, '民族')).toContain('请从列表中选择民族');
    expect(problem(10, '代表级别')).toContain('“村”无法识别');
  });

  it('commits the adds in one go, tidying what the county typed', async () => {
    const result = await commit(await buildWorkbook(messyRows()));
    expect(result.counts).toEqual({ add: 3, update: 0, unchanged: 0, reject: 3 });
    const { items } = await call<{ items: Deputy[] }>('roster.list', { sort: 'name' });
    const byName = Object.fromEntries(items.map((d) => [d.name, d]));
    expect(Object.keys(byName).sort()).toEqual(['李四', '王五', '张三'].sort());
    expect(byName['张三']).toMatchObject({
      birthDate: '1975-03-08',
      levels: ['县', '乡镇'],
      phone: '13805712345',
      cardNumber: 'QS18-0001',
      groupName: '第一代表小组',
      constituency: '第一选区（桃源村）',
      politicalAffiliation: '中共党员',
      education: '大学本科',
      status: '在任',
    });
    expect(byName['李四']).toMatchObject({ ethnicity: '汉族', birthDate: '1980-05', phone: '0571-88881234' });
    expect(byName['王五']).toMatchObject({
      birthDate: '1968-11',
      levels: ['省', '市'],
      phone: '13900001111',
      groupName: '第二代表小组',
    });
    const groups = await call<{ name: string; memberCount: number }[]>('groups.list', {});
    expect(groups.map((g) => [g.name, g.memberCount])).toEqual([
      ['第一代表小组', 2],
      ['第二代表小组', 1],
    ]);
    const detail = await call<DeputyDetail>('roster.get', { id: byName['张三']!.id });
    expect(detail.statusHistory).toHaveLength(1);
  });

  it('writes nothing when the commit fails half-way', async () => {
    station.ctx.sqlite.exec(
      `CREATE TRIGGER boom BEFORE INSERT ON deputies WHEN NEW.name = '王五'
       BEGIN SELECT RAISE(ABORT, 'forced failure'); END`,
    );
    const before = snapshot();
    const result = await dispatch('roster.importCommit', file(await buildWorkbook(messyRows())), station.ctx);
    expect(result.ok).toBe(false);
    expect(snapshot()).toEqual(before);
  });

  it('re-importing the same file changes nothing; a changed phone is an update listing the change', async () => {
    await commit(await buildWorkbook(messyRows()));
    const before = snapshot();
    const again = await commit(await buildWorkbook(messyRows()));
    expect(again.counts).toEqual({ add: 0, update: 0, unchanged: 3, reject: 3 });
    expect(again.newGroups).toEqual([]);
    expect(snapshot()).toEqual(before);

    const changed = await preview(await buildWorkbook(messyRows('13805719999')));
    expect(changed.counts).toEqual({ add: 0, update: 1, unchanged: 2, reject: 3 });
    const row = changed.rows.find((r) => r.action === 'update')!;
    expect(row).toMatchObject({ rowNumber: 4, name: '张三', deputyId: expect.any(String) });
    expect(row.changes).toEqual([{ field: '联系电话', before: '13805712345', after: '13805719999' }]);
    await commit(await buildWorkbook(messyRows('13805719999')));
    expect((await call<DeputyDetail>('roster.get', { id: row.deputyId })).phone).toBe('13805719999');
  });

  it('matches by name and birth month when a row has no card number', async () => {
    const d = await call<DeputyDetail>('roster.create', {
      ...SAMPLE_DEPUTY,
      cardNumber: '',
      birthDate: '1975-03-08',
    });
    const p = await preview(
      await buildWorkbook([
        ['姓名', '性别', '民族', '出生年月', '代表层级', '联系电话'],
        ['张三', '男', '汉族', '1975.03', '乡镇', '13805710000'],
      ]),
    );
    expect(p.rows[0]).toMatchObject({ action: 'update', deputyId: d.id });
    expect(p.rows[0]!.changes).toEqual([{ field: '联系电话', before: '13805712345', after: '13805710000' }]);
  });
});

describe('roster export', () => {
  it('exports every live deputy with the import headers, and the file imports as unchanged', async () => {
    await commit(await buildWorkbook(messyRows()));
    await call('roster.create', {
      ...SAMPLE_DEPUTY,
      name: '欧阳娜娜',
      cardNumber: 'QS18-0100',
      levels: ['全国', '省', '市', '县', '乡镇'],
      bio: '长期扎根基层。\n2025年获评优秀代表。',
      address: '青山县莲花镇（老街）3号',
    });
    const out = await call<{ fileName: string; base64: string }>('roster.exportXlsx', {});
    expect(out.fileName).toMatch(/^代表名册-.+-\d{8}\.xlsx$/);
    const bytes = Buffer.from(out.base64, 'base64');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('姓名');
    expect(sheet.actualRowCount).toBe(5);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const round = await preview(bytes);
    expect(round.counts).toEqual({ add: 0, update: 0, unchanged: 4, reject: 0 });
    expect(round.ignoredHeaders).toEqual([]);
  });
});

describe('roster import: files it refuses, writing nothing', () => {
  async function refused(bytes: Buffer) {
    const before = snapshot();
    const result = await dispatch('roster.importCommit', file(bytes), station.ctx);
    expect(result.ok).toBe(false);
    if (result.ok) throw new Error('expected a refusal');
    expect(result.error.code).toBe('VALIDATION');
    expect(snapshot()).toEqual(before);
    return result.error.message;
  }

  it('a Word document (a ZIP that is not a workbook)', async () => {
    const docx = Buffer.concat([
      Buffer.from([0x50, 0x4b, 0x03, 0x04]),
      Buffer.from('\0'.repeat(26) + 'word/document.xml<w:document/>'),
    ]);
    expect(await refused(docx)).toContain('不是 Excel');
    expect(await refused(Buffer.from('姓名,性别\n张三,男\n'))).toContain('不是 Excel');
  });

  it('an encrypted workbook (OLE container)', async () => {
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(512),
    ]);
    expect(await refused(ole)).toContain('文件设有密码，请在 Excel 中取消密码后再导入');
  });

  it('an empty workbook, a header with no rows, and a sheet with no header row', async () => {
    expect(await refused(await buildWorkbook([]))).toContain('没有任何内容');
    expect(await refused(await buildWorkbook([['姓名', '性别', '民族']]))).toContain('只有表头');
    const noHeader = await buildWorkbook([
      ['2026年第一季度接待记录'],
      ['日期', '来访人', '事由'],
      ['2026-01-05', '群众甲', '道路维修'],
    ]);
    expect(await refused(noHeader)).toContain('找不到表头');
  });
});
