/** Debian's Chromium (DESIGN.md: Machines), with the flags the app's PDF maker uses too. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export { CHROMIUM_ARGS } from '../main/web/chromium-args';
