import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { outboxFolder, runExport } from '../../services/packages/export';
import { EXIT_OK, UsageError, reportFailure, requireString, type Command } from '../command';
import { withStation } from '../station';
import { writeFileAtomic } from '../../services/write-file';

/** Why the folder cannot take the package, in words for the clerk; null when it can. */
function folderProblem(folder: string): string | null {
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    return `文件夹不存在：${folder}。请先建好文件夹（或插好U盘），或换一个 --out 位置。`;
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    return `无法写入文件夹 ${folder}：没有写入权限。请换一个文件夹，或检查U盘是否写保护。`;
  }
  return null;
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'make the next signed, encrypted package for the county and copy it to a folder',
  usage: [
    'station-desk export --data DIR --out FOLDER [--full] [--json]',
    '',
    'Makes the next package (<code>-<seq>.sdpkg): every change since the last package, or with',
    '--full every record. It stays in the outbox until the county confirms it; a copy is written',
    'to FOLDER (e.g. a USB stick) whole or not at all, and its path printed. Needs the county',
    'profile (station-desk profile import). Refused when nothing changed since the last package.',
  ].join('\n'),
  options: {
    data: { type: 'string' },
    out: { type: 'string' },
    full: { type: 'boolean' },
  },
  async run(values, positionals, io) {
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const dataDir = requireString(values, 'data');
    const folder = resolve(requireString(values, 'out'));
    const problem = folderProblem(folder);
    if (problem) return reportFailure(io, { code: 'WRITE_FAILED', message: problem });

    let stage = '';
    const items = await withStation(dataDir, { create: false }, (ctx) =>
      runExport(ctx, values.full === true ? 'full' : 'incremental', (p) => {
        // Stages on stderr: stdout carries only the result.
        if (p.stage !== stage) process.stderr.write(`${(stage = p.stage)}…\n`);
      }),
    );
    const files: string[] = [];
    try {
      for (const item of items) {
        const file = join(folder, item.fileName);
        writeFileAtomic(file, readFileSync(join(outboxFolder(resolve(dataDir)), item.fileName)), 0o644);
        files.push(file);
      }
    } catch (error) {
      return reportFailure(io, {
        code: 'WRITE_FAILED',
        message: `数据包已生成（保存在数据文件夹的 outbox 中），但没能拷贝到 ${folder}：${(error as Error).message}。请换一个文件夹，用“拷贝到U盘”再试。`,
      });
    }
    if (!io.json)
      for (const item of items)
        process.stderr.write(
          `已生成第 ${item.seq} 号${item.kind === 'full' ? '全量' : '增量'}数据包：${item.rows} 条记录，${item.counts.attachments ?? 0} 个附件\n`,
        );
    // One path a line: a big export is a run of packages.
    io.result({ ok: true, files, packages: items }, files.join('\n'));
    return EXIT_OK;
  },
};
