import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { BOARD_PROBLEM_ATTRIBUTE, BOARD_READY_ATTRIBUTE } from '../../resources/notices/catalog';
import { StationError } from '../api/errors';
import type { PdfMaker } from '../services/context';
import { CHROMIUM_ARGS } from './chromium-args';
import { NO_PDF_RENDERER, NO_PDF_RENDERER_MESSAGE, PDF_FAILED, boardNotReady } from '../services/notices';

/**
 * PDFs of the app's print pages through a headless Chromium (or Edge, or Chrome) already on
 * the PC: browser mode and `station-desk notice render`. The page is the same one Electron
 * prints, served by our loopback server, so both paths give the same board. playwright-core
 * is imported only when the first PDF is asked for, so the Electron main never loads it.
 */

/** Where the token lives for the page (renderer/src/api/client.ts). */
const TOKEN_KEY = 'station-desk.token';

/** What the page functions below touch (this file is compiled without the DOM's types). */
interface PageGlobals {
  sessionStorage: { setItem(key: string, value: string): void };
  document: { documentElement: { getAttribute(name: string): string | null } };
}

/** Environment variable naming the browser program to use. */
export const CHROMIUM_ENV = 'STATION_DESK_CHROMIUM';

/** How long a board may take to draw (fonts, photos, fitting) before we give up. */
export const DEFAULT_BOARD_TIMEOUT_MS = 60_000;

/** The usual places of Chromium, Edge and Chrome on Linux, Windows and macOS. */
export function browserCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const windowsRoots = [env['ProgramFiles(x86)'], env.ProgramFiles, env.LOCALAPPDATA].filter(
    (r): r is string => Boolean(r),
  );
  const windows = [
    ...windowsRoots.map((r) => join(r, 'Microsoft', 'Edge', 'Application', 'msedge.exe')),
    ...windowsRoots.map((r) => join(r, 'Google', 'Chrome', 'Application', 'chrome.exe')),
    'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
    'C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe',
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
  ];
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/microsoft-edge',
    '/usr/bin/microsoft-edge-stable',
    '/snap/bin/chromium',
    ...(process.platform === 'win32' ? windows : []),
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ];
}

/**
 * The browser to draw with: STATION_DESK_CHROMIUM when set (and then only it), else the first
 * usual place that exists. Null when there is none.
 */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): string | null {
  const chosen = env[CHROMIUM_ENV]?.trim();
  if (chosen) {
    if (!existsSync(chosen))
      throw new StationError(
        NO_PDF_RENDERER,
        `环境变量 ${CHROMIUM_ENV} 指向的浏览器程序不存在：${chosen}。请改成 Chromium 或 Edge 的完整路径，或者删除这个环境变量。`,
      );
    return chosen;
  }
  return browserCandidates(env).find((p) => existsSync(p)) ?? null;
}

export interface ChromiumPdfMakerOptions {
  /** The loopback server's address, e.g. http://127.0.0.1:41234/ */
  baseUrl: string;
  /** The server's per-run token (the page sends it with every call). */
  token: string;
  /** Defaults to findBrowser(). */
  executablePath?: string;
  timeoutMs?: number;
}

export function chromiumPdfMaker(options: ChromiumPdfMakerOptions): PdfMaker {
  const base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  const timeout = options.timeoutMs ?? DEFAULT_BOARD_TIMEOUT_MS;
  let browser: Promise<Browser> | null = null;
  let closed = false;
  // One board at a time: a big board with photos takes a few hundred MB in the browser.
  let queue: Promise<unknown> = Promise.resolve();

  async function launch(): Promise<Browser> {
    const executablePath = options.executablePath ?? findBrowser();
    if (!executablePath) throw new StationError(NO_PDF_RENDERER, NO_PDF_RENDERER_MESSAGE);
    const { chromium } = await import('playwright-core');
    try {
      const launched = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
      // A crashed browser is started afresh for the next board.
      launched.on('disconnected', () => {
        browser = null;
      });
      return launched;
    } catch (error) {
      throw new StationError(
        NO_PDF_RENDERER,
        `浏览器（${executablePath}）启动失败，无法生成PDF：${firstLine(error)}。` +
          `请确认它能正常打开，或者用环境变量 ${CHROMIUM_ENV} 指定另一个浏览器。`,
      );
    }
  }

  function getBrowser(): Promise<Browser> {
    if (!browser) {
      browser = launch();
      // A failed launch is tried again next time (the clerk may install a browser meanwhile).
      browser.catch(() => {
        browser = null;
      });
    }
    return browser;
  }

  async function renderOnce(route: string): Promise<Buffer> {
    if (closed) throw new StationError(PDF_FAILED, '生成PDF的浏览器已关闭，请重新启动工作台再试。');
    const context = await (await getBrowser()).newContext();
    try {
      const page = await context.newPage();
      await page.addInitScript(
        ([key, token]) => {
          (globalThis as unknown as PageGlobals).sessionStorage.setItem(key, token);
        },
        [TOKEN_KEY, options.token] as const,
      );
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(firstLine(error)));
      // A missing script or font (an app half-updated on disk) shows here rather than as a hang.
      page.on('response', (response) => {
        if (response.status() >= 400)
          pageErrors.push(`${response.status()} ${new URL(response.url()).pathname}`);
      });
      page.on('requestfailed', (request) =>
        pageErrors.push(`${request.failure()?.errorText ?? '加载失败'} ${new URL(request.url()).pathname}`),
      );
      await page.goto(`${base}#${route}`, { timeout, waitUntil: 'domcontentloaded' });
      try {
        await page.waitForSelector(`html[${BOARD_READY_ATTRIBUTE}]`, { state: 'attached', timeout });
      } catch {
        throw new StationError(
          PDF_FAILED,
          `公示页面在${Math.round(timeout / 1000)}秒内没有画好，PDF没有生成。请重试；如果一直这样，请重新启动工作台。` +
            (pageErrors.length ? `（页面出错：${pageErrors[0]}）` : ''),
        );
      }
      const [state, problem] = await page.evaluate(
        ([ready, problemAttr]) => {
          const html = (globalThis as unknown as PageGlobals).document.documentElement;
          return [html.getAttribute(ready), html.getAttribute(problemAttr) ?? ''];
        },
        [BOARD_READY_ATTRIBUTE, BOARD_PROBLEM_ATTRIBUTE] as const,
      );
      const refusal = boardNotReady(state ?? '', problem ?? '');
      if (refusal) throw refusal;
      return await page.pdf({ preferCSSPageSize: true, printBackground: true });
    } finally {
      await context.close().catch(() => undefined);
    }
  }

  return {
    render(route) {
      const run = queue.then(() => renderOnce(route));
      queue = run.catch(() => undefined);
      return run.catch((error: unknown) => {
        if (error instanceof StationError) throw error;
        throw new StationError(PDF_FAILED, `生成PDF时浏览器出错：${firstLine(error)}。请重试。`);
      });
    },
    async close() {
      closed = true;
      const open = browser;
      browser = null;
      if (open) await (await open.catch(() => null))?.close().catch(() => undefined);
    },
  };
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error)
    .split('\n')[0]!
    .slice(0, 200);
}
