/**
 * Debian's Chromium and the flags it needs on our machines (DESIGN.md: Machines): without the
 * background-networking flags it keeps trying hosts this network cannot reach.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
