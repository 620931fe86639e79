/**
 * The flags headless Chromium runs with, here (the PDF maker) and in the tests: no sandbox
 * (it runs as a helper of ours, not as the user's browser), no GPU, and none of the background
 * traffic that keeps trying hosts an offline station PC cannot reach (DESIGN.md: Machines).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
