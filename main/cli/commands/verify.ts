import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { verifyPackage } from '../../services/county/verify-file';
import { PackageError } from '../../services/packages/format';
import { EXIT_OK, UsageError, reportFailure, requireString, type Command } from '../command';

export const verifyCommand: Command = {
  name: 'verify',
  summary: "check a package as the county would, without the county's books",
  usage: [
    'station-desk verify FILE.sdpkg --pub STATION.pub [--identity COUNTY_IDENTITY] [--json]',
    '',
    'Archive, manifest, key, signature and file hashes; with --identity also decrypts the',
    'payload and checks its header and rows. Exit 0 when all pass, else prints the code and',
    'what to do, and exits 1.',
  ].join('\n'),
  options: { pub: { type: 'string' }, identity: { type: 'string' } },
  async run(values, positionals, io) {
    if (positionals.length !== 1) throw new UsageError('name exactly one package file');
    const file = resolve(positionals[0]!);
    const read = (path: string) => {
      if (!existsSync(path)) throw new UsageError(`no such file: ${path}`);
      return readFileSync(path);
    };
    const pub = read(resolve(requireString(values, 'pub'))).toString('utf8');
    const identity =
      typeof values.identity === 'string' ? read(resolve(values.identity)).toString('utf8') : undefined;
    try {
      const result = await verifyPackage(read(file), pub, identity);
      const m = result.manifest;
      io.result(
        {
          ok: true,
          file,
          station: m.station.code,
          seq: m.seq,
          part: m.part,
          manifest_sha256: result.manifestSha256,
          decrypted: result.decrypted,
          counts: m.counts,
        },
        `通过校验：${m.station.code} 第 ${m.seq} 号数据包${result.decrypted ? '（已解密并核对内容）' : '（未解密：加 --identity 可核对内容）'}`,
      );
      return EXIT_OK;
    } catch (error) {
      if (!(error instanceof PackageError)) throw error;
      if (!io.json) process.stderr.write(`${error.code}\n`);
      return reportFailure(io, { code: error.code, message: error.message });
    }
  },
};
