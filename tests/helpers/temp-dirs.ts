import { afterEach } from 'vitest';
import { tempDir } from './station';

/** Temp folders for one test file, removed after each test: `const dir = tempDirs();` then `dir()`. */
export function tempDirs(): () => string {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));
  return () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    return t.dir;
  };
}
