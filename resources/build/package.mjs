#!/usr/bin/env node
/**
 * npm run package [-- --linux | --win | --x64 | --arm64 | --dir …]
 *
 * 1. electron-vite build (out/main, out/preload, out/renderer);
 * 2. electron-builder with electron-builder.yml and the arguments given here;
 * 3. always, even after a failure: make sure node_modules/better-sqlite3 still loads under
 *    plain Node (before-pack.cjs swaps in Electron builds while packaging), restoring the saved
 *    Node build or, failing that, rebuilding it — so `npm test` keeps working.
 *
 * Needs network for electron-builder's downloads (Electron, NSIS, AppImage tools) and for
 * better-sqlite3's Electron build, so it does not run on our offline machines.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { backupNodeBuild, restoreNodeBuild } = require('./before-pack.cjs');

/** The CLI script of an installed package (their "exports" hide bin files from require.resolve). */
function binOf(pkg, name = pkg) {
  const dir = join(ROOT, 'node_modules', pkg);
  const { bin } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  return join(dir, typeof bin === 'string' ? bin : bin[name]);
}

function run(label, command, args, options = {}) {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.error) throw new Error(`${label}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${label} failed (exit code ${result.status})`);
}

/** Opens a database in a fresh Node process: the real test of the Node build. */
function betterSqliteWorksUnderNode() {
  const probe = spawnSync(
    process.execPath,
    ['-e', "const D = require('better-sqlite3'); new D(':memory:').prepare('select 1').get();"],
    { cwd: ROOT, stdio: 'ignore' },
  );
  return probe.status === 0;
}

function ensureNodeBuild() {
  if (betterSqliteWorksUnderNode()) return true;
  console.log('\n▶ putting the Node build of better-sqlite3 back');
  if (restoreNodeBuild(ROOT) && betterSqliteWorksUnderNode()) return true;
  console.log('  no usable saved copy; rebuilding it for Node (a few minutes) …');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const rebuilt = spawnSync(npm, ['rebuild', 'better-sqlite3'], {
    cwd: ROOT,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  return rebuilt.status === 0 && betterSqliteWorksUnderNode();
}

let exitCode = 0;
try {
  if (!existsSync(join(ROOT, 'resources', 'build', 'icon.png'))) {
    run('app icon', process.execPath, [join(ROOT, 'resources', 'build', 'make-icon.mjs')]);
  }
  // Save the Node build before anything can replace it.
  if (betterSqliteWorksUnderNode()) backupNodeBuild(ROOT);
  run('electron-vite build', process.execPath, [binOf('electron-vite'), 'build']);
  run('electron-builder', process.execPath, [
    binOf('electron-builder'),
    '--config',
    'electron-builder.yml',
    ...process.argv.slice(2),
  ]);
  console.log('\n✓ packages written to dist/');
} catch (error) {
  console.error(`\n✗ ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  if (!ensureNodeBuild()) {
    console.error(
      '\n✗ node_modules/better-sqlite3 no longer loads under Node: run `npm rebuild better-sqlite3` before `npm test`.',
    );
    exitCode = 1;
  }
}
process.exitCode = exitCode;
