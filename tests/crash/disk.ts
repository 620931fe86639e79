import { spawnSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { tempDir } from '../helpers/station';

/**
 * A small tmpfs for disk-full and read-only tests (needs root). `reason` says why not when
 * mounting is not allowed here, for the skip message.
 */
export function canMountTmpfs(): { ok: true } | { ok: false; reason: string } {
  const probe = tempDir('station-desk-mount-');
  try {
    const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe.dir], { encoding: 'utf8' });
    if (r.status !== 0) return { ok: false, reason: r.stderr?.trim() || String(r.error) };
    spawnSync('umount', [probe.dir]);
    return { ok: true };
  } finally {
    probe.cleanup();
  }
}

export function sh(cmd: string, ...args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
}

/** Mounts a tmpfs of `size` (e.g. '2m') on a new temp folder; `unmount` also removes the folder. */
export function mountTmpfs(size: string, options = ''): { dir: string; unmount: () => void } {
  const t = tempDir('station-desk-disk-');
  sh('mount', '-t', 'tmpfs', '-o', `size=${size}${options}`, 'tmpfs', t.dir);
  return {
    dir: t.dir,
    unmount: () => {
      sh('umount', t.dir);
      t.cleanup();
    },
  };
}

/** Fills the file system to the last byte with one file: big writes, then smaller, down to one byte. */
export function fillDisk(path: string): void {
  const fd = openSync(path, 'w');
  try {
    for (const size of [256 * 1024, 4096, 1])
      for (;;) {
        try {
          writeSync(fd, Buffer.alloc(size));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
          break;
        }
      }
  } finally {
    closeSync(fd);
  }
}
