import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ImportPreview } from '../../api/contract';
import { StationError } from '../../api/errors';
import { exportRoster, importCommit, importPreview } from '../../services/roster-xlsx';
import { EXIT_OK, UsageError, reportFailure, requireString, type Command } from '../command';
import { withStation } from '../station';

function importReport(preview: ImportPreview, dryRun: boolean) {
  const rows = (action: string) =>
    preview.rows
      .filter((r) => r.action === action)
      .map((r) => ({ row: r.rowNumber, name: r.name, changes: r.changes }));
  return {
    ok: true,
    dryRun,
    sheet: preview.sheetName,
    headerRow: preview.headerRow,
    counts: preview.counts,
    newGroups: preview.newGroups,
    ignoredHeaders: preview.ignoredHeaders,
    added: rows('add').map(({ row, name }) => ({ row, name })),
    updated: rows('update'),
    unchanged: rows('unchanged').map(({ row, name }) => ({ row, name })),
    rejected: preview.rows
      .filter((r) => r.action === 'reject')
      .flatMap((r) =>
        r.problems.map((p) => ({ row: r.rowNumber, name: r.name, column: p.column, reason: p.message })),
      ),
  };
}

function humanReport(report: ReturnType<typeof importReport>): string {
  const c = report.counts;
  const lines = [
    `${report.dryRun ? '预览（未写入）' : '已导入'}：新增 ${c.add}，更新 ${c.update}，无变化 ${c.unchanged}，未通过 ${c.reject}`,
  ];
  if (report.newGroups.length) lines.push(`将新建代表小组：${report.newGroups.join('、')}`);
  for (const r of report.rejected) lines.push(`  第${r.row}行 ${r.name} ［${r.column}］ ${r.reason}`);
  return lines.join('\n');
}

export const rosterCommand: Command = {
  name: 'roster',
  summary: 'import the county roster workbook (.xlsx) or export the roster',
  usage: [
    'station-desk roster import FILE.xlsx --data DIR [--dry-run] [--json]',
    '       station-desk roster export --data DIR --out FILE.xlsx [--json]',
    '',
    'import: rows are matched by card number, else by name + birth month; rejected rows are',
    'listed with row number, column and reason and skipped; the rest is written in one',
    'transaction. Exit 0 when the import ran (even with rejected rows), 1 when the file is refused.',
  ].join('\n'),
  options: {
    data: { type: 'string' },
    out: { type: 'string' },
    'dry-run': { type: 'boolean' },
  },
  async run(values, positionals, io) {
    const [action, file, ...extra] = positionals;
    const dataDir = requireString(values, 'data');
    if (action === 'import') {
      if (!file) throw new UsageError('missing FILE: the .xlsx to import');
      if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
      let bytes: Buffer;
      try {
        bytes = readFileSync(resolve(file));
      } catch {
        return reportFailure(io, { code: 'FILE_UNREADABLE', message: `读不到文件：${file}` });
      }
      const dryRun = values['dry-run'] === true;
      try {
        const preview = await withStation(dataDir, { create: false }, (ctx) =>
          (dryRun ? importPreview : importCommit)(ctx, { base64: bytes.toString('base64') }),
        );
        const report = importReport(preview, dryRun);
        io.result(report, humanReport(report));
        return EXIT_OK;
      } catch (error) {
        if (error instanceof StationError) return reportFailure(io, error);
        throw error;
      }
    }
    if (action === 'export') {
      if (file) throw new UsageError(`unexpected argument "${file}"`);
      const out = requireString(values, 'out');
      const result = await withStation(dataDir, { create: false }, (ctx) => exportRoster(ctx));
      const bytes = Buffer.from(result.base64, 'base64');
      writeFileSync(resolve(out), bytes);
      io.result({ ok: true, file: resolve(out), bytes: bytes.length }, `已导出名册：${resolve(out)}`);
      return EXIT_OK;
    }
    throw new UsageError(
      action ? `unknown action "${action}" (import or export)` : 'missing action: import or export',
    );
  },
};
