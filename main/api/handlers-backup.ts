import type { Handler } from './handlers';
import type { backupCalls } from './contract-backup';
import {
  backupStatus,
  checkBackup,
  createBackup,
  liveStationCode,
  restoreBackup,
  updateBackupSettings,
} from '../services/backup';

export const backupHandlers: { [N in keyof typeof backupCalls]: Handler<N> } = {
  'backup.status': (_input, ctx) => backupStatus(ctx),
  'backup.create': (input, ctx) => createBackup(ctx, { kind: 'manual', folder: input.folder }),
  'backup.check': (input, ctx) => checkBackup(input.path, liveStationCode(ctx), ctx.nativeBinding),
  'backup.restore': async (input, ctx) => {
    const { check, keptAs, carriedOver } = await restoreBackup(ctx, input.path);
    return { check, keptAs, carriedOver };
  },
  'backup.updateSettings': (input, ctx) => updateBackupSettings(ctx, input),
};
