import type { BrowserWindow } from 'electron';
import { BOARD_PROBLEM_ATTRIBUTE, BOARD_READY_ATTRIBUTE } from '../../resources/notices/catalog';
import { StationError } from '../api/errors';
import type { PdfMaker } from '../services/context';
import { boardNotReady, PDF_FAILED } from '../services/notices';
import { APP_ENTRY_URL } from './origin';
import { createSecureWindow } from './security';

/** A board with many photos on a slow PC still draws in well under this. */
const READY_TIMEOUT_MS = 60_000;
const POLL_MS = 100;

/**
 * PDFs of the app's own print routes (wall notices) in Electron: a hidden, hardened window
 * loads the route, waits until the page has drawn and measured the board, then printToPDF
 * with the page's own @page size. One at a time, each in a fresh window.
 */
export function electronPdfMaker(options: {
  preloadPath: string;
  devServer: URL | null;
  devTools: boolean;
}): PdfMaker {
  let queue: Promise<unknown> = Promise.resolve();
  const entry = options.devServer ? options.devServer.href : APP_ENTRY_URL;

  async function renderOnce(route: string): Promise<Buffer> {
    const win: BrowserWindow = createSecureWindow({ show: false, width: 1200, height: 900 }, options);
    try {
      await win.loadURL(`${entry}#${route}`);
      const read = (name: string) =>
        win.webContents.executeJavaScript(
          `document.documentElement.getAttribute(${JSON.stringify(name)})`,
        ) as Promise<string | null>;
      const started = Date.now();
      let state = await read(BOARD_READY_ATTRIBUTE);
      while (state === null && Date.now() - started < READY_TIMEOUT_MS) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        state = await read(BOARD_READY_ATTRIBUTE);
      }
      if (state === null)
        throw new StationError(PDF_FAILED, '公示页面在一分钟内没有画好，PDF没有生成。请重试。');
      const refusal = boardNotReady(state, (await read(BOARD_PROBLEM_ATTRIBUTE)) ?? '');
      if (refusal) throw refusal;
      return await win.webContents.printToPDF({ preferCSSPageSize: true, printBackground: true });
    } finally {
      win.destroy();
    }
  }

  return {
    render(route) {
      const job = queue.then(() => renderOnce(route));
      queue = job.catch(() => undefined);
      return job;
    },
    close: () => Promise.resolve(),
  };
}
