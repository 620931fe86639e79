import { resolve } from 'node:path';
import { StationError } from '../../api/errors';
import { createBackup, formatSize } from '../../services/backup';
import { EXIT_OK, UsageError, reportFailure, requireString, type Command } from '../command';
import { withStation } from '../station';

export const backupCommand: Command = {
  name: 'backup',
  summary: 'make a backup of the station database now (SQLite online backup)',
  usage: [
    'station-desk backup --data DIR [--out FOLDER] [--json]',
    '',
    'Copies the database whole (<code>-<YYYYMMDD-HHmmss>.db) into FOLDER (e.g. a USB stick), or',
    'without --out into DIR/backups/manual/. Written under a temp name and renamed when complete.',
    'Prints the file and its size. Automatic daily backups are made by the running app.',
  ].join('\n'),
  options: { data: { type: 'string' }, out: { type: 'string' } },
  async run(values, positionals, io) {
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const dataDir = requireString(values, 'data');
    const folder = typeof values.out === 'string' ? resolve(values.out) : undefined;
    try {
      const item = await withStation(dataDir, { create: false }, (ctx) =>
        createBackup(ctx, { kind: 'manual', folder }),
      );
      io.result({ ok: true, ...item }, `${item.path}\n大小：${formatSize(item.size)}`);
      return EXIT_OK;
    } catch (error) {
      if (error instanceof StationError) return reportFailure(io, error);
      throw error;
    }
  },
};
