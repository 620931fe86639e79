import { resolve } from 'node:path';
import { closeStation, openStation, type RunMode, type ServiceContext } from '../services/context';
import { fileKeyStore } from '../services/key-store';
import { APP_VERSION } from '../services/version';

/** Opens a data folder for one command and always closes it again. */
export async function withStation<T>(
  dataDir: string,
  options: { create: boolean; mode?: RunMode },
  fn: (ctx: ServiceContext) => Promise<T>,
): Promise<T> {
  const dir = resolve(dataDir);
  const ctx = await openStation(dir, {
    keyStore: fileKeyStore(dir),
    mode: options.mode ?? 'cli',
    appVersion: APP_VERSION,
    checkIntegrity: false,
    create: options.create,
  });
  try {
    return await fn(ctx);
  } finally {
    await closeStation(ctx);
  }
}
