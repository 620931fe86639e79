#!/usr/bin/env node
/**
 * Runs first in `npm start`: checks that the Electron binary is here, then makes sure a copy
 * of better-sqlite3 built for Electron's ABI is in the cache, and records its path in
 * node_modules/.cache/station-desk/electron-binding.json, where main/app/index.ts picks it up
 * (electron-vite dev runs as a separate command, so an environment variable would not reach it).
 * node_modules/better-sqlite3 itself is never touched: `npm test` keeps its Node build.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildElectronBinding, DEV_BINDING_RECORD, electronVersion, PROJECT_DIR } from './native-build.mjs';

/**
 * Where the Electron executable should be, without require('electron'): from Electron 42 on,
 * requiring it when the binary is missing starts a download.
 */
function electronExecutable() {
  const pkg = join(PROJECT_DIR, 'node_modules', 'electron');
  if (!existsSync(join(pkg, 'package.json'))) return null;
  let relativePath;
  try {
    relativePath = readFileSync(join(pkg, 'path.txt'), 'utf8').trim();
  } catch {
    return null;
  }
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(pkg, 'dist');
  const executable = join(dist, relativePath);
  return existsSync(executable) ? executable : null;
}

function refuse(lines) {
  console.error(['', ...lines, ''].join('\n'));
  process.exit(1);
}

if (!electronExecutable()) {
  const skipped = process.env.ELECTRON_SKIP_BINARY_DOWNLOAD
    ? ' (ELECTRON_SKIP_BINARY_DOWNLOAD is set, so npm install did not download it)'
    : '';
  refuse([
    `Station Desk: the Electron binary is not installed on this machine${skipped},`,
    'so the desktop app cannot start here. Run the same app in a browser instead:',
    '',
    '    npm run web',
    '',
    '联络站工作台：本机没有安装 Electron 程序文件，桌面版无法在这台电脑上启动。',
    '请改用浏览器模式运行同样的功能：npm run web',
  ]);
}

const version = electronVersion();
try {
  const binding = await buildElectronBinding({ version });
  mkdirSync(dirname(DEV_BINDING_RECORD), { recursive: true });
  writeFileSync(
    DEV_BINDING_RECORD,
    `${JSON.stringify({ electronVersion: version, platform: process.platform, arch: process.arch, binding }, null, 2)}\n`,
  );
  console.log(`better-sqlite3 for Electron ${version}: ${binding}`);
} catch (error) {
  refuse([
    `Station Desk: could not build better-sqlite3 for Electron ${version}:`,
    `  ${error instanceof Error ? error.message : String(error)}`,
    'This needs network access (a prebuilt binary, or Electron headers for node-gyp) the first time.',
    'Without it, use `npm run web`.',
    '',
    `联络站工作台：无法为 Electron ${version} 编译 better-sqlite3（首次需要联网下载）。请联网后重试，或改用 npm run web。`,
  ]);
}
