import type { StationInput, StationStatus } from '../../api/contract';
import { dispatch } from '../../api/router';
import { EXIT_OK, EXIT_USAGE, reportFailure, requireString, type Command } from '../command';
import { withStation } from '../station';

/** Flag for each field of the station form. */
const FLAGS: Record<keyof StationInput, string> = {
  code: 'code',
  name: 'name',
  township: 'township',
  county: 'county',
  address: 'address',
  phone: 'phone',
  openingHours: 'opening-hours',
};

export const initCommand: Command = {
  name: 'init',
  summary: 'set up a station in a data folder (non-interactive first-run wizard)',
  usage: `station-desk init --data DIR --code CODE --name NAME --township TOWNSHIP --county COUNTY
                  --address ADDRESS --phone PHONE --opening-hours TEXT [--json]`,
  options: Object.fromEntries([
    ['data', { type: 'string' }],
    ...Object.values(FLAGS).map((f) => [f, { type: 'string' }]),
  ]),
  async run(values, _positionals, io) {
    const dataDir = requireString(values, 'data');
    const input = Object.fromEntries(Object.entries(FLAGS).map(([field, flag]) => [field, values[flag]]));
    const result = await withStation(dataDir, { create: true }, (ctx) =>
      dispatch('station.setup', input, ctx),
    );
    if (!result.ok) {
      const flag = result.error.field ? FLAGS[result.error.field as keyof StationInput] : undefined;
      const code = reportFailure(io, {
        ...result.error,
        message: flag ? `--${flag}: ${result.error.message}` : result.error.message,
      });
      return result.error.code === 'VALIDATION' ? EXIT_USAGE : code;
    }
    const status = result.value as StationStatus;
    io.result(
      { ok: true, station: status.station, signingKey: status.signingKey },
      [
        `已设置站点：${status.station!.name}（${status.station!.code}）`,
        `签名密钥 ID：${status.signingKey!.keyId}`,
        `公钥指纹：${status.signingKey!.fingerprint}`,
      ].join('\n'),
    );
    return EXIT_OK;
  },
};
