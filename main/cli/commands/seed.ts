import { SEEDERS, runSeeders } from '../../services/seed';
import { EXIT_OK, parsePositiveInt, requireString, type Command } from '../command';
import { withStation } from '../station';

const sizeOptions = SEEDERS.flatMap((s) => s.options);

export const seedCommand: Command = {
  name: 'seed',
  summary: 'fill a data folder with realistic demo data (each area adds its own generator)',
  usage: [
    'station-desk seed --data DIR [--json]' + sizeOptions.map((o) => ` [--${o.flag} N]`).join(''),
    '',
    'Generators, in order:',
    ...SEEDERS.map((s) => `  ${s.name.padEnd(12)} ${s.description}`),
    ...sizeOptions.map((o) => `  --${o.flag} N  ${o.description} (default ${o.default})`),
  ].join('\n'),
  options: {
    data: { type: 'string' },
    ...Object.fromEntries(sizeOptions.map((o) => [o.flag, { type: 'string' as const }])),
  },
  async run(values, _positionals, io) {
    const dataDir = requireString(values, 'data');
    const sizes = Object.fromEntries(
      sizeOptions.map((o) => [o.flag, parsePositiveInt(values[o.flag], o.flag, o.default)]),
    );
    const reports = await withStation(dataDir, { create: true }, (ctx) => runSeeders(ctx, sizes, io.log));
    io.result({ ok: true, generators: reports }, '示例数据已生成。');
    return EXIT_OK;
  },
};
