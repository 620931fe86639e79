import { resolve } from 'node:path';
import { closeStation, openStation } from '../../services/context';
import { fileKeyStore } from '../../services/key-store';
import { APP_VERSION } from '../../services/version';
import { chromiumPdfMaker } from '../../web/pdf-maker';
import { startWebServer } from '../../web/server';
import { EXIT_OK, parsePositiveInt, reportFailure, requireString, type Command } from '../command';
import { NO_RENDERER_MESSAGE, findRenderer } from '../renderer-dir';

export const webCommand: Command = {
  name: 'web',
  summary: 'browser mode: serve the app on 127.0.0.1 for a data folder',
  usage: 'station-desk web --data DIR [--port N] [--json]   (needs `npm run build` first)',
  options: { data: { type: 'string' }, port: { type: 'string' } },
  async run(values, _positionals, io) {
    const dataDir = resolve(requireString(values, 'data'));
    const port = parsePositiveInt(values.port, 'port', 0);
    const staticDir = findRenderer();
    if (!staticDir) {
      return reportFailure(io, {
        code: 'NO_RENDERER',
        message: NO_RENDERER_MESSAGE,
      });
    }
    const ctx = await openStation(dataDir, {
      keyStore: fileKeyStore(dataDir),
      mode: 'web',
      appVersion: APP_VERSION,
    });
    let server;
    try {
      server = await startWebServer({ ctx, staticDir, port });
    } catch (error) {
      await closeStation(ctx);
      return reportFailure(io, {
        code: 'PORT',
        message: `无法在端口 ${port} 上启动：${(error as Error).message}。请换一个端口（--port）。`,
      });
    }
    // Wall notices' PDFs: a headless browser loads the same print pages (launched on first use).
    ctx.pdf = chromiumPdfMaker({ baseUrl: server.url, token: server.token });
    io.result(
      { ok: true, url: server.openUrl, dataDir },
      [
        '联络站工作台（浏览器模式）已启动。',
        `数据文件夹：${dataDir}`,
        `请在浏览器中打开：${server.openUrl}`,
        '（只允许本机访问；按 Ctrl+C 停止）',
      ].join('\n'),
    );
    await new Promise<void>((resolveStop) => {
      process.once('SIGINT', resolveStop);
      process.once('SIGTERM', resolveStop);
    });
    await server.close();
    await closeStation(ctx);
    return EXIT_OK;
  },
};
