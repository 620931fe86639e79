import type { Handler } from './handlers';
import type { authCalls } from './contract-auth';
import {
  createAccount,
  disableLock,
  enableLock,
  listAccounts,
  lockNow,
  sessionStatus,
  setPassword,
  unlock,
  updateAccount,
  updateLockSettings,
} from '../services/auth';

// Who may call what is decided once in router.ts (UNLOCKED_CALLS, ADMIN_CALLS); the rules
// about accounts themselves live in services/auth.ts.
export const authHandlers: { [N in keyof typeof authCalls]: Handler<N> } = {
  'auth.status': (_input, ctx) => sessionStatus(ctx),
  'auth.unlock': (input, ctx) => unlock(ctx, input),
  'auth.lock': (_input, ctx) => lockNow(ctx),
  'auth.enable': (input, ctx) => enableLock(ctx, input),
  'auth.disable': (input, ctx) => disableLock(ctx, input),
  'auth.users': (_input, ctx) => listAccounts(ctx),
  'auth.createUser': (input, ctx) => createAccount(ctx, input),
  'auth.updateUser': (input, ctx) => updateAccount(ctx, input),
  'auth.setPassword': (input, ctx) => setPassword(ctx, input),
  'auth.updateSettings': (input, ctx) => updateLockSettings(ctx, input),
};
