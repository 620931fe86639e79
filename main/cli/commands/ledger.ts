import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { contract } from '../../api/contract';
import { validationError } from '../../api/router';
import { ledgerWorkbook } from '../../services/ledger';
import { EXIT_OK, UsageError, reportFailure, requireString, type Command } from '../command';
import { withStation } from '../station';
import { writeFileAtomic } from '../../services/write-file';

/** Why a folder cannot take the file, in words for the clerk; null when it can. */
function folderProblem(folder: string): string | null {
  if (!existsSync(folder)) return `文件夹不存在：${folder}。请先建好文件夹，或换一个 --out 位置。`;
  if (!statSync(folder).isDirectory()) return `${folder} 不是文件夹。请换一个 --out 位置。`;
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    return `无法写入文件夹 ${folder}：没有写入权限。请换一个文件夹，或检查U盘是否写保护。`;
  }
  return null;
}

/** The clerk's message for a failed write (permissions, read-only stick, full disk …). */
function writeProblem(folder: string, file: string, error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `无法写入文件夹 ${folder}：没有写入权限。请换一个文件夹，或检查U盘是否写保护。`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `无法写入文件夹 ${folder}：磁盘空间不足。请清理一些文件，或换一个文件夹。`;
    case 'ENOENT':
    case 'ENOTDIR':
      return `文件夹不存在：${folder}。请先建好文件夹，或换一个 --out 位置。`;
    default:
      return `无法写入 ${file}：${error.message}。请换一个文件夹后重试。`;
  }
}

export const ledgerCommand: Command = {
  name: 'ledger',
  summary: 'the ledger workbook (台账) of a period as one .xlsx',
  usage: [
    'station-desk ledger --data DIR --from DATE --to DATE --out FILE.xlsx [--force] [--json]',
    '',
    'Sheets: 汇总, 接待登记, 办理与答复, 值班到岗, 活动记录, 年度活动计划, 代表名册 — the',
    'summary’s figures are those of `station-desk stats` for the same period. An existing',
    'file is replaced only with --force. The file is written whole or not at all.',
  ].join('\n'),
  options: {
    data: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
  },
  async run(values, positionals, io) {
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const dataDir = requireString(values, 'data');
    const out = resolve(requireString(values, 'out'));
    if (!/\.xlsx$/i.test(out)) throw new UsageError('--out must name an .xlsx file, e.g. 台账2026.xlsx');
    const schema = contract['stats.ledger'].input;
    const parsed = schema.safeParse({ from: values.from, to: values.to });
    if (!parsed.success) return reportFailure(io, validationError(schema, parsed.error));

    // Say what is wrong with the destination before the (possibly long) export.
    const folder = dirname(out);
    const problem = folderProblem(folder);
    if (problem) return reportFailure(io, { code: 'WRITE_FAILED', message: problem });
    if (existsSync(out) && values.force !== true)
      return reportFailure(io, {
        code: 'FILE_EXISTS',
        message: `文件已存在：${out}。如要覆盖它，请加 --force；或换一个文件名。`,
      });

    const ledger = await withStation(dataDir, { create: false }, (ctx) => ledgerWorkbook(ctx, parsed.data));
    try {
      writeFileAtomic(out, ledger.bytes, 0o644);
    } catch (error) {
      return reportFailure(io, {
        code: 'WRITE_FAILED',
        message: writeProblem(folder, out, error as NodeJS.ErrnoException),
      });
    }
    io.result(
      { ok: true, file: out, sheets: ledger.sheets, bytes: ledger.bytes.length },
      [
        `已导出台账：${out}`,
        `${parsed.data.from} 至 ${parsed.data.to}；${ledger.sheets.map((s) => `${s.name} ${s.rows} 行`).join('，')}`,
      ].join('\n'),
    );
    return EXIT_OK;
  },
};
