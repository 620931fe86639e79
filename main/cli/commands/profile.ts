import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CountyProfile } from '../../api/contract';
import { ErrorCode } from '../../api/errors';
import { getProfile, importProfile } from '../../services/packages/profile';
import { EXIT_OK, UsageError, reportFailure, requireString, type Command } from '../command';
import { withStation } from '../station';

function describe(p: CountyProfile): string {
  return [
    `县级单位：${p.county}`,
    `上报地址：${p.intakeUrl || '（无，只用U盘报送）'}`,
    ...p.recipients.map((r) => `加密公钥：${r.label} ${r.recipient}`),
    `回执签名公钥：${p.receiptKeyId}`,
  ].join('\n');
}

export const profileCommand: Command = {
  name: 'profile',
  summary: "the county profile: import the county's file, or show it",
  usage: [
    'station-desk profile import FILE --data DIR [--json]   imports the file the county hands out',
    'station-desk profile show --data DIR [--json]          shows the county, intake URL and keys',
  ].join('\n'),
  options: { data: { type: 'string' } },
  async run(values, positionals, io) {
    const [sub, ...rest] = positionals;
    const dataDir = requireString(values, 'data');
    if (sub === 'import') {
      if (rest.length !== 1) throw new UsageError('expected one FILE: profile import FILE --data DIR');
      const path = resolve(rest[0]!);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        return reportFailure(io, {
          code: 'FILE_UNREADABLE',
          message: `读不到文件 ${path}。请确认县里给的配置文件在这个位置。`,
        });
      }
      const profile = await withStation(dataDir, { create: false }, (ctx) => importProfile(ctx, text));
      io.result({ ok: true, profile }, `已导入县级配置\n${describe(profile)}`);
      return EXIT_OK;
    }
    if (sub === 'show') {
      if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
      const profile = await withStation(dataDir, { create: false }, (ctx) => getProfile(ctx));
      if (!profile)
        return reportFailure(io, {
          code: ErrorCode.noProfile,
          message: '还没有导入县里的配置文件。请运行 station-desk profile import FILE --data DIR。',
        });
      io.result({ ok: true, profile }, describe(profile));
      return EXIT_OK;
    }
    throw new UsageError('expected a subcommand: profile import FILE | profile show');
  },
};
