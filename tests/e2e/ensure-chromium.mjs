// Run before the e2e tests: they use Debian's Chromium, not a downloaded browser.
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';

if (!existsSync(CHROMIUM)) {
  console.error(`The end-to-end tests need Chromium at ${CHROMIUM}, and it is missing.`);
  console.error('Install it (with the CJK fonts) by running:');
  console.error('');
  console.error('  sudo apt-get install -y chromium fonts-noto-cjk');
  console.error('');
  process.exit(1);
}
