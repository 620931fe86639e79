import { verifyAuditChain } from '../../../db/audit';
import { checkIntegrity } from '../../../db/integrity';
import { LATEST_SCHEMA_VERSION } from '../../../db/migrations';
import { databasePath } from '../../services/context';
import { getStationStatus } from '../../services/station';
import { EXIT_FAILED, EXIT_OK, requireString, type Command } from '../command';
import { withStation } from '../station';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'check a data folder: schema version, full integrity check, audit chain',
  usage: 'station-desk doctor --data DIR [--json]',
  options: { data: { type: 'string' } },
  async run(values, _positionals, io) {
    const dataDir = requireString(values, 'data');
    const report = await withStation(dataDir, { create: false }, async (ctx) => {
      const integrity = await checkIntegrity(databasePath(ctx.dataDir));
      const audit = verifyAuditChain(ctx.sqlite);
      const status = await getStationStatus(ctx);
      return {
        ok: integrity.ok && audit.ok,
        dataFile: databasePath(ctx.dataDir),
        schemaVersion: LATEST_SCHEMA_VERSION,
        station: status.station ? { code: status.station.code, name: status.station.name } : null,
        integrity: { ok: integrity.ok, problems: integrity.problems, durationMs: integrity.durationMs },
        audit,
      };
    });
    const lines = [
      `数据文件：${report.dataFile}`,
      `数据结构版本：${report.schemaVersion}`,
      `站点：${report.station ? `${report.station.name}（${report.station.code}）` : '尚未设置'}`,
      `完整性检查：${report.integrity.ok ? '正常' : `发现问题：${report.integrity.problems.join('；')}`}（${report.integrity.durationMs} ms）`,
      `操作记录：${report.audit.ok ? `完整，共 ${report.audit.count} 条` : `第 ${report.audit.firstBrokenSeq} 条起有问题：${report.audit.reason}`}`,
      report.ok ? '结论：正常' : '结论：有问题。请不要继续写入，从最近的备份恢复，或联系技术人员。',
    ];
    io.result(report, lines.join('\n'));
    return report.ok ? EXIT_OK : EXIT_FAILED;
  },
};
