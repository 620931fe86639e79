import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

// electron-builder cannot run here (no network for Electron and NSIS), so its configuration is
// checked as data: every option name against app-builder-lib's own schema (a typo would be
// ignored silently by a build), and the settings DESIGN.md asks for.

type Config = Record<string, unknown> & {
  win: { target: { target: string; arch: string[] }[] };
  nsis: Record<string, unknown>;
  linux: { target: { target: string; arch: string[] }[] } & Record<string, unknown>;
  electronFuses: Record<string, boolean>;
  asarUnpack: string[];
  files: string[];
};

const config = load(readFileSync('electron-builder.yml', 'utf8')) as Config;
interface SchemaObject {
  properties?: Record<string, unknown>;
}
const schema = createRequire(import.meta.url)('app-builder-lib/scheme.json') as SchemaObject & {
  definitions: Record<string, SchemaObject>;
};

function expectKnownKeys(value: object, known: SchemaObject, where: string) {
  const names = Object.keys(known.properties ?? {});
  for (const key of Object.keys(value)) expect(names, `${where}.${key}`).toContain(key);
}

describe('electron-builder configuration', () => {
  it('uses only option names app-builder-lib knows', () => {
    expectKnownKeys(config, schema, 'config');
    expectKnownKeys(config.nsis, schema.definitions.NsisOptions!, 'nsis');
    expectKnownKeys(config.win, schema.definitions.WindowsConfiguration!, 'win');
    expectKnownKeys(config.linux, schema.definitions.LinuxConfiguration!, 'linux');
    expectKnownKeys(config.electronFuses, schema.definitions.FuseOptionsV1!, 'electronFuses');
  });

  it('builds a Chinese per-machine NSIS installer for Windows x64', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: true,
      installerLanguages: ['zh_CN'],
      language: '2052',
      unicode: true,
      // The station's books live in AppData and must survive an uninstall.
      deleteAppDataOnUninstall: false,
    });
  });

  it('builds deb and AppImage for Linux x64 and arm64', () => {
    const targets = Object.fromEntries(config.linux.target.map((t) => [t.target, [...t.arch].sort()]));
    expect(targets).toEqual({ deb: ['arm64', 'x64'], AppImage: ['arm64', 'x64'] });
    expect(config.linux.maintainer).toBeTruthy();
  });

  it('sets the fuses: no run-as-node, no NODE_OPTIONS or inspector, asar integrity, cookies encrypted', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs the built app into asar with native modules unpacked, and leaves sources out', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.files).toContain('out/**');
    expect(config.files).toContain('!out/**/*.map');
    for (const source of ['main/', 'renderer/', 'tests/', 'db/'])
      expect(config.files.some((f) => f.startsWith(source))).toBe(false);
    // better-sqlite3 is rebuilt for Electron by our hooks, never in place by electron-builder.
    expect(config.npmRebuild).toBe(false);
    expect(config.beforePack).toBe('./resources/build/before-pack.cjs');
    expect(config.publish).toBeNull();
  });

  it('bundles every worker_threads entry the services start', () => {
    const vite = readFileSync('electron.vite.config.ts', 'utf8');
    const started = readdirSync('main', { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => [...readFileSync(join('main', f), 'utf8').matchAll(/startWorker\(\s*'([a-z-]+)'/g)])
      .map((m) => m[1]!);
    expect(started.length).toBeGreaterThanOrEqual(2);
    for (const name of started) expect(vite, name).toContain(`'${name}':`);
  });
});
