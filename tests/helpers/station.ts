import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallName, StationInput } from '../../main/api/contract';
import { dispatch } from '../../main/api/router';
import { closeStation, openStation, type ServiceContext } from '../../main/services/context';
import { fileKeyStore } from '../../main/services/key-store';

export function tempDir(prefix = 'station-desk-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const SAMPLE_STATION: StationInput = {
  code: 'LHX-001',
  name: '莲花镇人大代表联络站',
  township: '莲花镇',
  county: '青山县',
  address: '青山县莲花镇人民路18号',
  phone: '0571-88886666',
  openingHours: '每周三上午9:00—11:30',
};

/** Opens the station in `dir` as the tests do: its own file key store, no background check. */
export function openStationAt(dir: string, mode: 'cli' | 'web' = 'cli'): Promise<ServiceContext> {
  return openStation(dir, { keyStore: fileKeyStore(dir), mode, appVersion: 'test', checkIntegrity: false });
}

/** A real station data folder in a temp directory. */
export async function openTempStation(options: { checkIntegrity?: boolean } = {}): Promise<{
  ctx: ServiceContext;
  dir: string;
  close: () => Promise<void>;
}> {
  const { dir, cleanup } = tempDir();
  const ctx = options.checkIntegrity
    ? await openStation(dir, { keyStore: fileKeyStore(dir), mode: 'cli', appVersion: 'test' })
    : await openStationAt(dir);
  return {
    ctx,
    dir,
    close: async () => {
      await closeStation(ctx);
      cleanup();
    },
  };
}

/** Calls the API through the router and returns the value; an error fails the test with its message. */
export async function callOk<T>(ctx: ServiceContext, name: CallName, input: unknown): Promise<T> {
  const result = await dispatch(name, input, ctx);
  if (!result.ok) throw new Error(`${name}: ${result.error.message} (${result.error.field})`);
  return result.value as T;
}
