import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

/**
 * The one way to write a file whole or not at all: a temp file beside it (`<path>.tmp-<pid>`,
 * which clean-ups recognise), fsync, rename. On failure the temp file is removed and the error
 * passes on for the caller to word in Chinese. `mode` applies to a new file (0600: secrets).
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): void {
  const temp = `${path}.tmp-${process.pid}`;
  try {
    const fd = openSync(temp, 'w', mode);
    try {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
