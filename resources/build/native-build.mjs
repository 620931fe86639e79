/**
 * better-sqlite3 for Electron, built in a cache folder — never in node_modules/better-sqlite3,
 * which keeps its Node build for the tests and the CLI.
 *
 * Used by electron-native.mjs (npm start: this machine's platform and arch) and by
 * before-pack.cjs (packaging: each target platform and arch). The package folder is copied to
 * node_modules/.cache/station-desk/electron/<electron>/<platform>-<arch>/work and rebuilt
 * there with @electron/rebuild (a prebuilt binary when one is published, else node-gyp with
 * Electron's headers); the result is kept as better_sqlite3.node next to a stamp, and reused
 * while Electron, better-sqlite3, platform and arch stay the same.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CACHE_DIR = join(PROJECT_DIR, 'node_modules', '.cache', 'station-desk');
/** Must match DEV_BINDING_RECORD in main/app/native-binding.ts. */
export const DEV_BINDING_RECORD = join(CACHE_DIR, 'electron-binding.json');

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

export function electronVersion(projectDir = PROJECT_DIR) {
  return readJson(join(projectDir, 'node_modules', 'electron', 'package.json')).version;
}

export function betterSqliteDir(projectDir = PROJECT_DIR) {
  return join(projectDir, 'node_modules', 'better-sqlite3');
}

/** The CPU a native binary is built for, read from its ELF / PE / Mach-O header. */
export function binaryArch(buffer) {
  if (buffer.length >= 20 && buffer.readUInt32BE(0) === 0x7f454c46) {
    const machine = buffer[5] === 2 ? buffer.readUInt16BE(18) : buffer.readUInt16LE(18);
    return { 0x3e: 'x64', 0xb7: 'arm64', 0x03: 'ia32', 0x28: 'armv7l' }[machine] ?? `elf:${machine}`;
  }
  if (buffer.length >= 64 && buffer.toString('latin1', 0, 2) === 'MZ') {
    const pe = buffer.readUInt32LE(0x3c);
    if (buffer.toString('latin1', pe, pe + 4) !== 'PE\0\0') return 'unknown';
    const machine = buffer.readUInt16LE(pe + 4);
    return { 0x8664: 'x64', 0xaa64: 'arm64', 0x14c: 'ia32' }[machine] ?? `pe:${machine}`;
  }
  if (buffer.length >= 8 && buffer.readUInt32LE(0) === 0xfeedfacf) {
    const cpu = buffer.readUInt32LE(4);
    return { 0x01000007: 'x64', 0x0100000c: 'arm64' }[cpu] ?? `macho:${cpu}`;
  }
  return 'unknown';
}

/**
 * Returns the path of better_sqlite3.node built for Electron `version` on `platform`/`arch`,
 * building it first when the cache does not hold it yet.
 */
export async function buildElectronBinding({
  version = electronVersion(),
  platform = process.platform,
  arch = process.arch,
  projectDir = PROJECT_DIR,
  log = console.log,
} = {}) {
  const source = betterSqliteDir(projectDir);
  const sqliteVersion = readJson(join(source, 'package.json')).version;
  const target = join(
    projectDir,
    'node_modules',
    '.cache',
    'station-desk',
    'electron',
    version,
    `${platform}-${arch}`,
  );
  const binding = join(target, 'better_sqlite3.node');
  const stampFile = join(target, 'build-info.json');
  const stamp = { electronVersion: version, platform, arch, betterSqlite3: sqliteVersion };

  if (existsSync(binding) && existsSync(stampFile)) {
    const old = readJson(stampFile);
    if (Object.entries(stamp).every(([k, v]) => old[k] === v)) return binding;
  }

  log(
    `Building better-sqlite3 ${sqliteVersion} for Electron ${version} (${platform}-${arch}) in ${relative(projectDir, target)} …`,
  );
  const work = join(target, 'work');
  rmSync(work, { recursive: true, force: true });
  const copy = join(work, 'node_modules', 'better-sqlite3');
  const sourceBuild = join(source, 'build');
  cpSync(source, copy, {
    recursive: true,
    filter: (src) => src !== sourceBuild && !src.startsWith(sourceBuild + sep),
  });
  writeFileSync(
    join(work, 'package.json'),
    `${JSON.stringify({ name: 'station-desk-native-build', version: '0.0.0', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }, null, 2)}\n`,
  );

  // npm passes its own config to scripts as npm_config_*; a `nodedir` there (set on our
  // machines, pointing at Node's headers) would make node-gyp build against Node, not Electron.
  const saved = {};
  for (const key of Object.keys(process.env)) {
    if (/^npm_config_(nodedir|target|runtime|disturl|arch)$/i.test(key)) {
      saved[key] = process.env[key];
      delete process.env[key];
    }
  }
  try {
    const { rebuild } = await import('@electron/rebuild');
    await rebuild({
      buildPath: work,
      electronVersion: version,
      platform,
      arch,
      force: true,
      onlyModules: ['better-sqlite3'],
      mode: 'sequential',
    });
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  } finally {
    Object.assign(process.env, saved);
  }

  const built = join(copy, 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(built)) throw new Error(`@electron/rebuild finished but ${built} is missing`);
  const builtArch = binaryArch(readFileSync(built));
  if (builtArch !== arch) {
    throw new Error(
      `better_sqlite3.node was built for ${builtArch}, not ${arch} (cross-compiling needs a published prebuild)`,
    );
  }
  mkdirSync(target, { recursive: true });
  copyFileSync(built, binding);
  writeFileSync(stampFile, `${JSON.stringify(stamp, null, 2)}\n`);
  rmSync(work, { recursive: true, force: true });
  return binding;
}
