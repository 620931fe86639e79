import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { CALL_NAMES, type CallResult } from '../api/contract';
import { ErrorCode } from '../api/errors';
import { dispatch } from '../api/router';
import type { ServiceContext } from '../services/context';
import { devServerUrl, isAppUrl } from './origin';

/** The IPC channel of a call: the preload invokes exactly this. */
export const channelOf = (name: string): string => `station:${name}`;

const FORBIDDEN: CallResult = {
  ok: false,
  error: {
    code: ErrorCode.forbidden,
    message: '拒绝访问：该请求不是来自联络站工作台自己的页面，已被拦截。请关闭其他窗口后重新打开程序。',
  },
};

const INTERNAL: CallResult = {
  ok: false,
  error: {
    code: ErrorCode.internal,
    message: '程序内部出错，本次操作没有完成。请重试；如果反复出现，请记下时间并联系技术人员。',
  },
};

/** Whether an IPC message comes from a frame showing the app's own page. */
export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  devServer: URL | null,
): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame !== undefined && isAppUrl(frame.url, devServer);
}

/**
 * Binds every call in the contract to one IPC channel, in one generic loop: no per-call code.
 * Each handler checks the sender, then hands the call to the router. The answer is always a
 * CallResult; nothing is thrown across IPC. Returns a function that removes the handlers.
 */
export function bindIpc(ctx: ServiceContext, devServer: URL | null = devServerUrl()): () => void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(channelOf(name), async (event, input: unknown): Promise<CallResult> => {
      if (!isTrustedSender(event, devServer)) return FORBIDDEN;
      try {
        return await dispatch(name, input, ctx);
      } catch (error) {
        // dispatch does not throw; this is a last guard so that nothing ever crosses IPC raw.
        console.error('[station-desk] IPC call failed:', name, error instanceof Error ? error.stack : error);
        return INTERNAL;
      }
    });
  }
  return () => {
    for (const name of CALL_NAMES) ipcMain.removeHandler(channelOf(name));
  };
}
