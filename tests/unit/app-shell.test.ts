import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as electron from './app-electron-stub';

vi.mock('electron', () => import('./app-electron-stub'));

const { menuTemplate, installMenu, showAboutDialog } = await import('../../main/app/menu');
const { resolveNativeBinding, DEV_BINDING_RECORD } = await import('../../main/app/native-binding');

beforeEach(() => electron.resetStub());

interface Item {
  label?: string;
  role?: string;
  submenu?: Item[];
}
const labels = (items: Item[]): string[] =>
  items.flatMap((i) => [...(i.label ? [i.label] : []), ...labels(i.submenu ?? [])]);

describe('the preload', () => {
  it('exposes only window.station.call, which invokes station:<name>', async () => {
    await import('../../preload/index');
    expect([...electron.contextBridge.exposed.keys()]).toEqual(['station']);
    const station = electron.contextBridge.exposed.get('station') as Record<string, unknown>;
    expect(Object.keys(station)).toEqual(['call']);

    const call = station.call as (name: unknown, input: unknown) => Promise<unknown>;
    await call('station.get', { a: 1 });
    expect(electron.ipcRenderer.invoked).toEqual([{ channel: 'station:station.get', args: [{ a: 1 }] }]);

    for (const bad of ['', 'station', 'station.get.x', '../x.y', 'Station.get', 'a.b-c', 42, null, 'x.y\n']) {
      await expect(call(bad, {}), String(bad)).rejects.toThrow();
    }
    expect(electron.ipcRenderer.invoked).toHaveLength(1);
  });
});

describe('the application menu', () => {
  it('is in Chinese, with developer tools only when not packaged', () => {
    const dev = labels(menuTemplate({ isPackaged: false, showAbout: () => {} }) as Item[]);
    expect(dev).toEqual(
      expect.arrayContaining(['文件', '退出', '编辑', '撤销', '重做', '剪切', '复制', '粘贴', '全选']),
    );
    expect(dev).toEqual(
      expect.arrayContaining(['视图', '重新加载', '放大', '缩小', '实际大小', '全屏', '开发者工具']),
    );
    expect(dev).toContain('关于联络站工作台');
    const packaged = labels(menuTemplate({ isPackaged: true, showAbout: () => {} }) as Item[]);
    expect(packaged).not.toContain('开发者工具');
  });

  it('installs the menu and shows the version in 关于', () => {
    electron.app.isPackaged = true;
    installMenu();
    const template = (electron.Menu.current as { template: Item[] }).template;
    expect(labels(template)).not.toContain('开发者工具');
    showAboutDialog();
    expect(electron.dialog.messages[0]).toMatchObject({ title: '关于联络站工作台' });
    expect(String(electron.dialog.messages[0]!.detail)).toContain('0.1.0-test');
  });
});

describe('the better-sqlite3 binary for Electron', () => {
  it('takes STATION_SQLITE_BINDING first, then the npm start record in development only', () => {
    const appPath = mkdtempSync(join(tmpdir(), 'station-desk-binding-'));
    try {
      const binding = join(appPath, 'better_sqlite3.node');
      writeFileSync(binding, 'binary');
      const record = join(appPath, DEV_BINDING_RECORD);
      mkdirSync(join(record, '..'), { recursive: true });
      writeFileSync(record, JSON.stringify({ electronVersion: '45.4.1', binding }));
      const base = { env: {}, isPackaged: false, appPath, electronVersion: '45.4.1' };

      expect(resolveNativeBinding({ ...base, env: { STATION_SQLITE_BINDING: '/x.node' } })).toBe('/x.node');
      expect(resolveNativeBinding(base)).toBe(binding);
      expect(resolveNativeBinding({ ...base, isPackaged: true })).toBeUndefined();
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      expect(resolveNativeBinding({ ...base, electronVersion: '46.0.0' })).toBeUndefined();
      warn.mockRestore();
      writeFileSync(record, '{garbage');
      expect(resolveNativeBinding(base)).toBeUndefined();
    } finally {
      rmSync(appPath, { recursive: true, force: true });
    }
  });
});
