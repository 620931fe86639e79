import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts one of our worker_threads entries. From the bundle it is `<name>.js` in out/main (every
 * chunk lands there, see electron.vite.config.ts). From sources (vitest, tsx) Node 20 ignores
 * `--import tsx` in a worker's execArgv, so a small CommonJS bootstrap registers tsx's require
 * hook and loads the .ts entry.
 *
 * `source` is the entry's URL next to its caller: `new URL('./x-worker.ts', import.meta.url)`.
 */
export function startWorker(name: string, source: URL, workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL(`./${name}.js`, import.meta.url), { workerData });
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs');
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(fileURLToPath(source))});`, {
    eval: true,
    workerData,
  });
}
