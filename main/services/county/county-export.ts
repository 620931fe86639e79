import { existsSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { receptionNumber } from '../receptions';
import { lastApplied, loadCounty, openReplica, stationCodes } from './county-store';

/**
 * All stations' records as one workbook: 汇总 (one row per station) and 接待登记 (every
 * station's receptions, with a 联络站 column). Written by exceljs' streaming writer, a row at a
 * time, to a temp file that is renamed into place: the file is whole or absent.
 */

const FONT = '宋体';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

function sheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, columns: [string, number][]) {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = columns.map(([header, width]) => ({ header, width }));
  const header = ws.getRow(1);
  header.eachCell((cell) => {
    cell.font = { name: FONT, bold: true, size: 11 };
    cell.fill = HEADER_FILL;
    cell.border = THIN;
    cell.alignment = { horizontal: 'center', vertical: 'middle' };
  });
  header.commit();
  return (values: ExcelJS.CellValue[]) => {
    const row = ws.addRow(values);
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.font = { name: FONT, size: 10 };
      cell.border = THIN;
    });
    row.commit();
  };
}

interface ReceptionRow {
  year: number;
  year_seq: number;
  received_at: string;
  channel: string;
  category: string;
  title: string;
  confidential: number;
  persons: number;
  status: string;
  answer_date: string;
}

/** All stations' records of a period (dates YYYY-MM-DD, both ends included) as one ledger workbook. */
export async function countyExport(dataDir: string, out: string, from?: string, to?: string): Promise<void> {
  const dir = resolve(dataDir);
  const county = loadCounty(dir);
  const file = resolve(out);
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: temp, useStyles: true });
  wb.creator = county.name;
  const summary = sheet(wb, '汇总', [
    ['联络站编码', 14],
    ['联络站', 28],
    ['接待批次', 10],
    ['接待人次', 10],
    ['已办结/已反馈', 14],
    ['活动次数', 10],
    ['已收数据包序号', 14],
    ['最后接收时间', 24],
  ]);
  const receptions = sheet(wb, '接待登记', [
    ['联络站', 28],
    ['编号', 12],
    ['接待时间', 18],
    ['渠道', 10],
    ['类别', 14],
    ['事项', 40],
    ['人数', 8],
    ['状态', 10],
    ['答复日期', 12],
  ]);
  // Period filter on the date part, so any stored time format compares the same.
  const period = `deleted_at IS NULL AND (? IS NULL OR substr(%c, 1, 10) >= ?) AND (? IS NULL OR substr(%c, 1, 10) <= ?)`;
  const args = [from ?? null, from ?? null, to ?? null, to ?? null];
  try {
    for (const code of stationCodes(dir)) {
      const replica = await openReplica(dir, code);
      try {
        const { sqlite } = replica;
        const name =
          (sqlite
            .prepare('SELECT name FROM station WHERE deleted_at IS NULL LIMIT 1')
            .pluck()
            .get() as string) ?? code;
        const where = period.replaceAll('%c', 'received_at');
        const totals = sqlite
          .prepare(
            `SELECT count(*) AS batches, coalesce(sum(persons), 0) AS persons,
               sum(status IN ('已办结', '已反馈')) AS done FROM receptions WHERE ${where}`,
          )
          .get(...args) as { batches: number; persons: number; done: number | null };
        const activities = sqlite
          .prepare(`SELECT count(*) FROM activities WHERE ${period.replaceAll('%c', 'date')}`)
          .pluck()
          .get(...args) as number;
        const seen = sqlite.prepare('SELECT max(received_at) FROM county_packages').pluck().get() as
          string | null;
        summary([
          code,
          name,
          totals.batches,
          totals.persons,
          totals.done ?? 0,
          activities,
          lastApplied(sqlite).seq,
          seen ?? '',
        ]);
        const rows = sqlite
          .prepare(
            `SELECT year, year_seq, received_at, channel, category, title, confidential, persons, status, answer_date
             FROM receptions WHERE ${where} ORDER BY received_at, year, year_seq`,
          )
          .iterate(...args) as IterableIterator<ReceptionRow>;
        for (const r of rows)
          receptions([
            name,
            receptionNumber(r.year, r.year_seq),
            r.received_at,
            r.channel,
            r.category,
            r.confidential ? '（要求保密）' : r.title,
            r.persons,
            r.status,
            r.answer_date,
          ]);
      } finally {
        await replica.close();
      }
    }
    await wb.commit();
    renameSync(temp, file);
  } finally {
    if (existsSync(temp)) rmSync(temp, { force: true });
  }
}
