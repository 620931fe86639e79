import { createInterface } from 'node:readline/promises';
import type { BackupCheck } from '../../api/contract-backup';
import { StationError } from '../../api/errors';
import { checkBackup, currentStationCode, formatSize, restoreDataFolder } from '../../services/backup';
import { databasePath } from '../../services/context';
import { EXIT_FAILED, EXIT_OK, UsageError, reportFailure, requireString, type Command } from '../command';

function describe(check: BackupCheck): string {
  return [
    `备份文件：${check.path}（${formatSize(check.size)}）`,
    `站点：${check.station ? `${check.station.name}（${check.station.code}）` : '无'}`,
    `数据结构版本：${check.schemaVersion ?? '未知'}`,
    `代表 ${check.counts.deputies} 名，接待 ${check.counts.receptions} 条，活动 ${check.counts.activities} 次，操作记录 ${check.auditCount} 条`,
    `最后一次写入：${check.lastWriteAt ?? '无'}`,
    check.ok
      ? '检查结果：可以恢复'
      : `检查结果：不能恢复\n${check.problems.map((p) => `  - ${p}`).join('\n')}`,
  ].join('\n');
}

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'check a backup and put it in place of the station database (the current file is kept)',
  usage: [
    'station-desk restore --data DIR FILE [--yes] [--json]',
    '',
    'Checks FILE first (integrity, audit chain, schema version, station) and prints what it holds.',
    'Then, after confirmation (--yes, required without a terminal), keeps the current database as',
    'DIR/backups/before-restore-<stamp>.db and puts FILE in its place. Works when the current',
    'database is damaged. Close the app first. Exit 1 when the check fails.',
  ].join('\n'),
  options: { data: { type: 'string' }, yes: { type: 'boolean' } },
  async run(values, positionals, io) {
    const dataDir = requireString(values, 'data');
    if (positionals.length !== 1) throw new UsageError('give exactly one backup FILE');
    const check = await checkBackup(positionals[0]!, currentStationCode(dataDir));
    if (!check.ok) {
      if (io.json) io.result({ ok: false, check }, '');
      else process.stderr.write(`${describe(check)}\n`);
      return EXIT_FAILED;
    }
    if (!io.json) process.stderr.write(`${describe(check)}\n`);
    if (values.yes !== true) {
      const question = `将用这个备份替换 ${databasePath(dataDir)}（现在的文件会留存在 backups 文件夹）。确定恢复吗？[y/N] `;
      if (!process.stdin.isTTY) {
        process.stderr.write('没有加 --yes：不是在终端里运行，无法确认，没有恢复。\n');
        return EXIT_FAILED;
      }
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      const answer = await rl.question(question);
      rl.close();
      if (!/^y(es)?$/i.test(answer.trim())) {
        process.stderr.write('已取消，没有恢复。\n');
        return EXIT_FAILED;
      }
    }
    try {
      const result = await restoreDataFolder(dataDir, check.path, { check });
      const lines = [
        `已恢复：${check.path}`,
        result.keptAs ? `原数据文件留存为：${result.keptAs}` : '原来没有数据文件。',
        result.carriedOver || !result.keptAs
          ? '数据上报记录已接续，下次照常生成数据包。'
          : '原数据文件无法读取，数据上报记录没能接续：下次报送前请联系县人大技术人员。',
      ];
      io.result({ ok: true, ...result }, lines.join('\n'));
      return EXIT_OK;
    } catch (error) {
      if (error instanceof StationError) return reportFailure(io, error);
      throw error;
    }
  },
};
