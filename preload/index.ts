import { contextBridge, ipcRenderer } from 'electron';
// Type-only: erased at build time, so the sandboxed preload bundles nothing but this file.
import type { CallResult } from '../main/api/contract';

/**
 * The whole bridge between the page and the app: one function. The page never sees
 * ipcRenderer, channels or Node; the main process checks the sender and parses every input.
 */

/** Call names look like `station.get` or `audit.list`. */
const CALL_NAME = /^[a-z]+\.[A-Za-z]+$/;

export interface StationBridge {
  call(name: string, input: unknown): Promise<CallResult>;
}

const station: StationBridge = {
  call(name: string, input: unknown): Promise<CallResult> {
    if (typeof name !== 'string' || !CALL_NAME.test(name)) {
      return Promise.reject(new TypeError('无效的操作名称。'));
    }
    return ipcRenderer.invoke(`station:${name}`, input) as Promise<CallResult>;
  },
};

contextBridge.exposeInMainWorld('station', station);
