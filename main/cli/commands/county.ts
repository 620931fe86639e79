import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  countyExport,
  countyStatus,
  enrollStation,
  initCounty,
  receivePackage,
} from '../../services/county/county';
import { PackageError, receiptFileName } from '../../services/packages/format';
import { receivePackageFiles } from '../../services/county/import-files';
import { serveCounty } from '../../web/county-server';
import {
  EXIT_FAILED,
  EXIT_OK,
  UsageError,
  parsePositiveInt,
  reportFailure,
  requireString,
  type Command,
} from '../command';

const USAGE = [
  'station-desk county init   --data DIR --name NAME --profile-out FILE [--intake-url URL]',
  'station-desk county enroll --data DIR --code CODE --pub STATION.pub [--replace]',
  "station-desk county import --data DIR FILE.sdpkg…   (writes each package's .receipt beside it)",
  'station-desk county status --data DIR [--json]',
  'station-desk county export --data DIR --out FILE.xlsx [--from DATE --to DATE]',
  'station-desk county serve  --data DIR [--host H] --port P',
  '',
  'The county side: its keys, the enrolled stations and their packages. `import` checks each',
  'package (signature, hashes, sequence, contents) and applies it whole or not at all; exit 1',
  'when any package was refused.',
].join('\n');

export const countyCommand: Command = {
  name: 'county',
  summary: "the county's side: init, enroll stations, import/serve packages, status, export",
  usage: USAGE,
  options: {
    data: { type: 'string' },
    name: { type: 'string' },
    'profile-out': { type: 'string' },
    'intake-url': { type: 'string' },
    code: { type: 'string' },
    pub: { type: 'string' },
    replace: { type: 'boolean' },
    out: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
  },
  async run(values, positionals, io) {
    const [sub, ...files] = positionals;
    const dataDir = resolve(requireString(values, 'data'));
    const noMore = () => {
      if (files.length) throw new UsageError(`unexpected argument "${files[0]}"`);
    };
    switch (sub) {
      case 'init': {
        noMore();
        const name = requireString(values, 'name');
        const result = await initCounty({
          dataDir,
          name,
          profileOut: requireString(values, 'profile-out'),
          intakeUrl: typeof values['intake-url'] === 'string' ? values['intake-url'] : undefined,
        });
        io.result(
          { ok: true, dataDir, ...result },
          [
            `已建立县级数据文件夹：${dataDir}（${name}）`,
            `请把配置文件发给各联络站导入：${result.profilePath}`,
            `重要：备用解密密钥在 ${result.escrowIdentityPath}`,
            '请立即把它移到离线保管（如加密U盘放进保险柜），不要留在这台电脑上。',
          ].join('\n'),
        );
        return EXIT_OK;
      }
      case 'enroll': {
        noMore();
        const code = requireString(values, 'code');
        const pubFile = resolve(requireString(values, 'pub'));
        if (!existsSync(pubFile))
          return reportFailure(io, { code: 'NOT_FOUND', message: `找不到公钥文件 ${pubFile}。请检查路径。` });
        const result = await enrollStation(dataDir, code, readFileSync(pubFile, 'utf8'), {
          replace: values.replace === true,
        });
        io.result(
          { ok: true, code, ...result },
          result.changed
            ? `已登记联络站 ${code} 的公钥 ${result.keyId}。`
            : `联络站 ${code} 已登记过这个公钥（${result.keyId}），无需重复登记。`,
        );
        return EXIT_OK;
      }
      case 'import': {
        if (!files.length) throw new UsageError('name at least one package file');
        const outcomes = [];
        for (const result of await receivePackageFiles(
          dataDir,
          files.map((f) => resolve(f)),
        )) {
          const path = result.file;
          if ('outcome' in result) {
            const r = result.outcome;
            const message = r.code ? (JSON.parse(r.receipt.receipt) as { message: string }).message : null;
            outcomes.push({ file: path, status: r.status, code: r.code, message });
            continue;
          }
          const error = result.error;
          if (error instanceof PackageError)
            outcomes.push({
              file: path,
              status: 'rejected' as const,
              code: error.code,
              message: error.message,
            });
          else if ((error as NodeJS.ErrnoException).code === 'ENOENT')
            outcomes.push({
              file: path,
              status: 'rejected' as const,
              code: 'NOT_FOUND',
              message: '找不到这个文件，请检查路径。',
            });
          else throw error;
        }
        // The USB way back: each package's current receipt beside it, for the station's 导入回执.
        // Asked again after all files, so a package held at first carries its final answer.
        for (const o of outcomes) {
          if (
            o.code &&
            ['UNKNOWN_STATION', 'BAD_ARCHIVE', 'BAD_MANIFEST', 'TOO_LARGE', 'NOT_FOUND'].includes(o.code)
          )
            continue;
          try {
            const again = await receivePackage(dataDir, readFileSync(o.file));
            const { station, seq } = JSON.parse(again.receipt.receipt) as { station: string; seq: number };
            writeFileSync(
              join(dirname(o.file), receiptFileName(station, seq)),
              JSON.stringify(again.receipt),
            );
          } catch (error) {
            io.log(`${basename(o.file)}：回执没有写出（${(error as Error).message}）`);
          }
        }
        const words = { applied: '已导入', held: '暂存（等前面的包）', rejected: '被拒绝' } as const;
        io.result(
          { ok: outcomes.every((o) => o.status !== 'rejected'), packages: outcomes },
          outcomes
            .map(
              (o) =>
                `${basename(o.file)}：${words[o.status]}${o.code && o.status === 'rejected' ? ` [${o.code}] ${o.message}` : ''}`,
            )
            .join('\n'),
        );
        return outcomes.some((o) => o.status === 'rejected') ? EXIT_FAILED : EXIT_OK;
      }
      case 'status': {
        noMore();
        const stations = await countyStatus(dataDir);
        io.result(
          { ok: true, stations },
          stations.length
            ? stations
                .map(
                  (s) =>
                    `${s.code} ${s.name}：已收到第 ${s.lastSeq} 号${s.held.length ? `，暂存 ${s.held.join('、')}` : ''}${s.gaps.length ? `，缺少 ${s.gaps.join('、')}` : ''}；最后接收 ${s.lastSeenAt ?? '无'}；记录 ${s.rows} 条`,
                )
                .join('\n')
            : '还没有登记任何联络站。请用 county enroll 登记。',
        );
        return EXIT_OK;
      }
      case 'export': {
        noMore();
        const out = resolve(requireString(values, 'out'));
        if (!/\.xlsx$/i.test(out)) throw new UsageError('--out must name an .xlsx file');
        const date = (v: unknown, name: string) => {
          if (v === undefined) return undefined;
          if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v))
            throw new UsageError(`--${name} must be YYYY-MM-DD`);
          return v;
        };
        await countyExport(dataDir, out, date(values.from, 'from'), date(values.to, 'to'));
        io.result({ ok: true, file: out }, `已导出各联络站的台账：${out}`);
        return EXIT_OK;
      }
      case 'serve': {
        noMore();
        const host = typeof values.host === 'string' ? values.host : undefined;
        const port = parsePositiveInt(values.port, 'port', 0);
        const server = await serveCounty(dataDir, { host, port });
        io.result({ ok: true, url: server.url }, `县级接收服务已启动：${server.url}（按 Ctrl+C 停止）`);
        await new Promise<void>((stop) => {
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        await server.close();
        return EXIT_OK;
      }
      default:
        throw new UsageError(
          sub
            ? `unknown subcommand "${sub}"`
            : 'expected a subcommand: init, enroll, import, status, export, serve',
        );
    }
  },
};
