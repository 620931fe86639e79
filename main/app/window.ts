import { existsSync, readFileSync } from 'node:fs';
import { screen, type BrowserWindow, type Rectangle } from 'electron';
import { writeFileAtomic } from '../services/write-file';
import { APP_ENTRY_URL } from './origin';
import { createSecureWindow } from './security';

export const WINDOW_TITLE = '联络站工作台';
export const MIN_WIDTH = 1100;
export const MIN_HEIGHT = 720;
const MAX_SIZE = 16_384;

export interface WindowState {
  /** Absent: let the system centre the window. */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 800, maximized: false };

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** At least this much of the title bar must lie on a screen for a saved position to be used. */
const VISIBLE = 80;

function visibleOn(areas: Rectangle[], x: number, y: number, width: number): boolean {
  return areas.some(
    (a) =>
      x + width - VISIBLE >= a.x &&
      x + VISIBLE <= a.x + a.width &&
      y >= a.y &&
      y + VISIBLE / 2 <= a.y + a.height,
  );
}

/**
 * Checks a saved window state: anything that is not a sane size gives the defaults; a position
 * that is off every screen (a monitor was unplugged) is dropped so the window is centred.
 */
export function parseWindowState(raw: unknown, workAreas: Rectangle[]): WindowState {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ...DEFAULT_WINDOW_STATE };
  const r = raw as Record<string, unknown>;
  const { width, height } = r;
  if (!isInt(width) || !isInt(height)) return { ...DEFAULT_WINDOW_STATE };
  if (width < MIN_WIDTH || height < MIN_HEIGHT || width > MAX_SIZE || height > MAX_SIZE) {
    return { ...DEFAULT_WINDOW_STATE };
  }
  const state: WindowState = { width, height, maximized: r.maximized === true };
  if (isInt(r.x) && isInt(r.y) && visibleOn(workAreas, r.x, r.y, width)) {
    state.x = r.x;
    state.y = r.y;
  }
  return state;
}

export function loadWindowState(file: string, workAreas: Rectangle[]): WindowState {
  if (!existsSync(file)) return { ...DEFAULT_WINDOW_STATE };
  try {
    return parseWindowState(JSON.parse(readFileSync(file, 'utf8')), workAreas);
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
}

export function saveWindowState(file: string, win: BrowserWindow): void {
  const bounds = win.getNormalBounds();
  const state: WindowState = { ...bounds, maximized: win.isMaximized() };
  try {
    writeFileAtomic(file, JSON.stringify(state), 0o600);
  } catch (error) {
    // Losing the window position is not worth bothering the clerk about.
    console.warn('[station-desk] could not save the window state:', (error as Error).message);
  }
}

export interface MainWindowOptions {
  /** out/preload/index.cjs */
  preloadPath: string;
  /** window-state.json in the user data folder */
  stateFile: string;
  /** The dev server in development, else null (the app:// page is loaded). */
  devServer: URL | null;
  devTools: boolean;
}

/** Creates the one main window: hardened, restored to where it was, shown when painted. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const workAreas = screen.getAllDisplays().map((d) => d.workArea);
  const state = loadWindowState(options.stateFile, workAreas);
  const win = createSecureWindow(
    {
      ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
      width: state.width,
      height: state.height,
      minWidth: MIN_WIDTH,
      minHeight: MIN_HEIGHT,
      title: WINDOW_TITLE,
      backgroundColor: '#ffffff',
      show: false,
    },
    options,
  );

  win.once('ready-to-show', () => {
    if (state.maximized) win.maximize();
    win.show();
  });
  win.on('close', () => saveWindowState(options.stateFile, win));

  win.loadURL(options.devServer ? options.devServer.href : APP_ENTRY_URL).catch((error: unknown) => {
    console.error('[station-desk] could not load the page:', error instanceof Error ? error.message : error);
  });
  return win;
}
