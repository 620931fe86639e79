/**
 * electron-builder beforePack hook (npmRebuild is off): puts better-sqlite3 built for the
 * target Electron version, platform and arch where electron-builder copies it from.
 *
 * The binary is built by native-build.mjs in a cache copy of the package, so compiling never
 * touches node_modules. Only for the few seconds electron-builder copies the app for one arch
 * does node_modules/better-sqlite3/build/Release/better_sqlite3.node hold the Electron build:
 * the Node build is saved first and put back by after-pack.cjs (and, whatever happens, by
 * package.mjs), so `npm test` keeps working. Files are swapped by rename, so a process that
 * has the old binary loaded keeps its copy.
 */
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS hook, as named in electron-builder.yml */

const { spawnSync } = require('node:child_process');
const { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal']; // electron-builder's Arch enum

function paths(projectDir) {
  const cache = join(projectDir, 'node_modules', '.cache', 'station-desk', 'node-build');
  return {
    installed: join(projectDir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
    backup: join(cache, 'better_sqlite3.node'),
    stamp: join(cache, 'build-info.json'),
    packageJson: join(projectDir, 'node_modules', 'better-sqlite3', 'package.json'),
  };
}

/** Whether plain Node (this process's runtime) can load the binary: then it is the Node build. */
function loadsUnderNode(file) {
  if (!existsSync(file)) return false;
  const probe = spawnSync(
    process.execPath,
    ['-e', `process.dlopen({ exports: {} }, ${JSON.stringify(file)})`],
    {
      stdio: 'ignore',
    },
  );
  return probe.status === 0;
}

/** Replaces `target` with a copy of `source` by rename (atomic on the same file system). */
function replaceFile(source, target) {
  const temp = `${target}.tmp-${process.pid}`;
  copyFileSync(source, temp);
  renameSync(temp, target);
}

/** Saves the Node build of better-sqlite3 (once it is known to load under Node). */
function backupNodeBuild(projectDir) {
  const p = paths(projectDir);
  if (!loadsUnderNode(p.installed)) return existsSync(p.backup);
  mkdirSync(join(p.backup, '..'), { recursive: true });
  replaceFile(p.installed, p.backup);
  const version = JSON.parse(readFileSync(p.packageJson, 'utf8')).version;
  writeFileSync(
    p.stamp,
    `${JSON.stringify({ betterSqlite3: version, nodeAbi: process.versions.modules }, null, 2)}\n`,
  );
  return true;
}

/** Puts the saved Node build back. Returns whether node_modules now holds a Node build. */
function restoreNodeBuild(projectDir) {
  const p = paths(projectDir);
  if (loadsUnderNode(p.installed)) return true;
  if (!existsSync(p.backup) || !existsSync(p.stamp)) return false;
  const stamp = JSON.parse(readFileSync(p.stamp, 'utf8'));
  const version = JSON.parse(readFileSync(p.packageJson, 'utf8')).version;
  if (stamp.betterSqlite3 !== version || stamp.nodeAbi !== process.versions.modules) return false;
  replaceFile(p.backup, p.installed);
  return loadsUnderNode(p.installed);
}

async function beforePack(context) {
  const projectDir = context.packager.projectDir;
  const arch = ARCH_NAMES[context.arch];
  const platform = context.electronPlatformName;
  const { buildElectronBinding, electronVersion } = await import('./native-build.mjs');
  const version = context.packager.info?.framework?.version ?? electronVersion(projectDir);

  const binding = await buildElectronBinding({ version, platform, arch, projectDir });
  if (!backupNodeBuild(projectDir)) {
    throw new Error(
      'before-pack: node_modules/better-sqlite3 holds no Node build and none is saved; run `npm rebuild better-sqlite3` first.',
    );
  }
  replaceFile(binding, paths(projectDir).installed);
  console.log(`  • better-sqlite3 for Electron ${version} ${platform}-${arch} staged for packaging`);
}

module.exports = { default: beforePack, beforePack, backupNodeBuild, restoreNodeBuild, loadsUnderNode };
