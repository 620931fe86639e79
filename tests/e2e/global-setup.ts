import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The tests serve the built renderer; say plainly how to get it when it is missing. */
export default function globalSetup(): void {
  const index = resolve('out/renderer/index.html');
  if (!existsSync(index)) {
    throw new Error(
      `The end-to-end tests serve the built renderer, but ${index} does not exist. ` +
        'Run `npm run build` first, then run the tests again.',
    );
  }
}
