import { getStationStatus } from '../../services/station';
import { EXIT_OK, UsageError, reportFailure, requireString, type Command } from '../command';
import { withStation } from '../station';

export const keysCommand: Command = {
  name: 'keys',
  summary: "show the station's signing key (public half) for enrolment at the county",
  usage: 'station-desk keys public --data DIR [--json]   prints the standard minisign public key',
  options: { data: { type: 'string' } },
  async run(values, positionals, io) {
    if (positionals[0] !== 'public') throw new UsageError('expected a subcommand: keys public');
    const dataDir = requireString(values, 'data');
    const status = await withStation(dataDir, { create: false }, (ctx) => getStationStatus(ctx));
    if (!status.signingKey)
      return reportFailure(io, {
        code: 'NOT_SET_UP',
        message: '本站还没有设置，没有签名密钥。请先运行 station-desk init。',
      });
    const key = status.signingKey;
    io.result(
      { keyId: key.keyId, fingerprint: key.fingerprint, publicKey: key.publicKey },
      key.publicKey.trimEnd(),
    );
    return EXIT_OK;
  },
};
