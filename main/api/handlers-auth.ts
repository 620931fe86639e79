import type { Handler } from './handlers';
import type { authCalls } from './contract-auth';
import { StationError, ErrorCode } from './errors';

const notBuilt = (): never => {
  throw new StationError(ErrorCode.internal, '尚未完成');
};

export const authHandlers: { [N in keyof typeof authCalls]: Handler<N> } = {
  'auth.status': notBuilt,
  'auth.unlock': notBuilt,
  'auth.lock': notBuilt,
  'auth.enable': notBuilt,
  'auth.disable': notBuilt,
  'auth.users': notBuilt,
  'auth.createUser': notBuilt,
  'auth.updateUser': notBuilt,
  'auth.setPassword': notBuilt,
  'auth.updateSettings': notBuilt,
};
