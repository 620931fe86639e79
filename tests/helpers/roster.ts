import ExcelJS from 'exceljs';
import type { DeputyInput } from '../../main/api/contract';

/** A real .xlsx built with exceljs: one sheet, the given rows from row 1 (null = empty cell). */
export async function buildWorkbook(rows: unknown[][], sheetName = 'Sheet1'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  rows.forEach((cells, i) => {
    const row = sheet.getRow(i + 1);
    cells.forEach((value, j) => {
      if (value !== null && value !== undefined) row.getCell(j + 1).value = value as ExcelJS.CellValue;
    });
    row.commit();
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The county's workbook with one new deputy (card number `card`), as roster.import* takes it. */
export async function oneDeputyRoster(card: string): Promise<{ fileName: string; base64: string }> {
  const xlsx = await buildWorkbook([
    [
      '代表姓名',
      '性别',
      '出生日期',
      '民族',
      '代表级别',
      '单位职务',
      '手机',
      '代表证号',
      '原选举单位',
      '党派',
      '文化程度',
    ],
    [
      '周九',
      '男',
      '1970-01-01',
      '汉族',
      '乡镇',
      '桃源村村民',
      '13800000000',
      card,
      '第一选区',
      '群众',
      '高中',
    ],
  ]);
  return { fileName: '名册.xlsx', base64: xlsx.toString('base64') };
}

export const SAMPLE_DEPUTY: DeputyInput = {
  name: '张三',
  gender: '男',
  ethnicity: '汉族',
  birthDate: '1975-03-08',
  politicalAffiliation: '中共党员',
  education: '大学本科',
  workplacePost: '莲花镇卫生院院长',
  levels: ['乡镇'],
  term: '莲花镇第十九届',
  cardNumber: 'QS18-0001',
  constituency: '第一选区（桃源村）',
  phone: '13805712345',
  address: '青山县莲花镇桃源村8号',
  stationRole: '进站代表',
};

/** A 1×1 JPEG (the smallest valid baseline JPEG), base64. */
export const TINY_JPEG =
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=';

/** A 1×1 PNG, base64 (padded well past the contract's minimum length). */
export const TINY_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==' +
  'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
