import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as electron from './app-electron-stub';

vi.mock('electron', () => import('./app-electron-stub'));

const { createMainWindow, DEFAULT_WINDOW_STATE, loadWindowState, parseWindowState } =
  await import('../../main/app/window');

const SCREEN = [{ x: 0, y: 0, width: 1920, height: 1080 }];
let dir: string;
let stateFile: string;

beforeEach(() => {
  electron.resetStub();
  dir = mkdtempSync(join(tmpdir(), 'station-desk-state-'));
  stateFile = join(dir, 'window-state.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function open(): electron.FakeBrowserWindow {
  createMainWindow({ preloadPath: '/p.cjs', stateFile, devServer: null, devTools: false });
  return electron.FakeBrowserWindow.instances.at(-1)!;
}

describe('window state', () => {
  it('falls back to the defaults when the file is garbage', () => {
    for (const garbage of ['{not json', '', 'null', '[]', '"text"', '42', '\u0000\u0001binary']) {
      writeFileSync(stateFile, garbage);
      expect(loadWindowState(stateFile, SCREEN), garbage).toEqual(DEFAULT_WINDOW_STATE);
    }
    expect(loadWindowState(join(dir, 'missing.json'), SCREEN)).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('falls back to the defaults for values of the wrong kind or size', () => {
    for (const raw of [
      { width: '1200', height: 800 },
      { width: 1200.5, height: 800 },
      { width: 200, height: 100 },
      { width: 1e9, height: 800 },
      { width: Number.NaN, height: 800 },
      { height: 800 },
    ]) {
      expect(parseWindowState(raw, SCREEN), JSON.stringify(raw)).toEqual(DEFAULT_WINDOW_STATE);
    }
  });

  it('keeps a sane size but drops a position that is on no screen', () => {
    expect(parseWindowState({ x: 5000, y: 5000, width: 1200, height: 800 }, SCREEN)).toEqual({
      width: 1200,
      height: 800,
      maximized: false,
    });
    expect(parseWindowState({ x: '10', y: 10, width: 1200, height: 800, maximized: 'yes' }, SCREEN)).toEqual({
      width: 1200,
      height: 800,
      maximized: false,
    });
  });

  it('opens the window where it was closed, maximized if it was', () => {
    writeFileSync(stateFile, JSON.stringify({ x: 40, y: 30, width: 1300, height: 900, maximized: true }));
    const win = open();
    expect(win.options).toMatchObject({ x: 40, y: 30, width: 1300, height: 900 });
    win.emit('ready-to-show');
    expect(win.maximized).toBe(true);
    expect(win.shown).toBe(true);
  });

  it('opens garbage state at the default size, centred', () => {
    writeFileSync(stateFile, '{"width": "huge"');
    const win = open();
    expect(win.options).toMatchObject({
      width: DEFAULT_WINDOW_STATE.width,
      height: DEFAULT_WINDOW_STATE.height,
    });
    expect(win.options).not.toHaveProperty('x');
  });

  it('saves bounds and maximized state when the window closes', () => {
    const win = open();
    win.bounds = { x: 12, y: 34, width: 1400, height: 950 };
    win.maximized = true;
    win.emit('close');
    expect(existsSync(stateFile)).toBe(true);
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toEqual({
      x: 12,
      y: 34,
      width: 1400,
      height: 950,
      maximized: true,
    });
    expect(loadWindowState(stateFile, SCREEN)).toEqual({
      x: 12,
      y: 34,
      width: 1400,
      height: 950,
      maximized: true,
    });
  });
});
