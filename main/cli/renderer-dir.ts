import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The built renderer: beside the CLI bundle (out/main → out/renderer, also from a shared
 * chunk in out/main/chunks), or under the project when run from sources.
 */
export function findRenderer(): string | null {
  const candidates = [
    fileURLToPath(new URL('../renderer/', import.meta.url)),
    fileURLToPath(new URL('../../renderer/', import.meta.url)),
    join(process.cwd(), 'out', 'renderer'),
  ];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

/** Said when the renderer is missing (a source checkout that was never built). */
export const NO_RENDERER_MESSAGE = '找不到界面文件（out/renderer）。请先运行 npm run build。';
