import type { Handler } from './handlers';
import type { backupCalls } from './contract-backup';
import { StationError, ErrorCode } from './errors';

const notBuilt = (): never => {
  throw new StationError(ErrorCode.internal, '尚未完成');
};

export const backupHandlers: { [N in keyof typeof backupCalls]: Handler<N> } = {
  'backup.status': notBuilt,
  'backup.create': notBuilt,
  'backup.check': notBuilt,
  'backup.restore': notBuilt,
  'backup.updateSettings': notBuilt,
};
