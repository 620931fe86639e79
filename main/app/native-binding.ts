import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * better-sqlite3 is built for one ABI at a time, and node_modules keeps the Node build (for the
 * tests and the CLI). `npm start` builds a second copy for Electron's ABI into a cache folder
 * (resources/build/electron-native.mjs) and records its path in this file; the packaged app
 * has its own rebuilt copy and needs none of this.
 */
export const DEV_BINDING_RECORD = join('node_modules', '.cache', 'station-desk', 'electron-binding.json');

export interface NativeBindingOptions {
  env: NodeJS.ProcessEnv;
  isPackaged: boolean;
  /** app.getAppPath(): the project folder in development. */
  appPath: string;
  /** process.versions.electron */
  electronVersion: string | undefined;
}

/** The better-sqlite3 binary to load: STATION_SQLITE_BINDING, else the dev build's record. */
export function resolveNativeBinding(options: NativeBindingOptions): string | undefined {
  const fromEnv = options.env.STATION_SQLITE_BINDING;
  if (fromEnv) return fromEnv;
  if (options.isPackaged) return undefined;
  const record = join(options.appPath, DEV_BINDING_RECORD);
  if (!existsSync(record)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(record, 'utf8')) as {
      electronVersion?: unknown;
      binding?: unknown;
    };
    if (parsed.electronVersion !== options.electronVersion) {
      console.warn(
        `[station-desk] ${record} was made for Electron ${String(parsed.electronVersion)}; run npm start again.`,
      );
      return undefined;
    }
    if (typeof parsed.binding === 'string' && existsSync(parsed.binding)) return parsed.binding;
  } catch {
    // A broken record is ignored; better-sqlite3's own error will say what is wrong.
  }
  return undefined;
}
