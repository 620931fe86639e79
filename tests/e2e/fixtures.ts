import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import type { CallInput, CallName, CallOutput, CallResult, StationInput } from '../../main/api/contract';
import { closeStation, openStation, type ServiceContext } from '../../main/services/context';
import { fileKeyStore } from '../../main/services/key-store';
import { chromiumPdfMaker } from '../../main/web/pdf-maker';
import { startWebServer, type WebServer } from '../../main/web/server';
import { SAMPLE_STATION } from '../helpers/station';

export { expect, SAMPLE_STATION };
export type { StationInput };

export const SCREENSHOTS = resolve('tests/output/screenshots');

/** A fresh station data folder served in browser mode, as `station-desk web` does. */
export interface StationServer {
  dir: string;
  ctx: ServiceContext;
  server: WebServer;
  /** The URL with the token in its fragment, as the program prints it. */
  openUrl: string;
  /** Calls the API over HTTP like the page does; throws on {ok:false}. */
  api<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  /** The raw CallResult, for checking refusals. */
  rawApi(name: CallName, input: unknown): Promise<CallResult>;
}

interface Fixtures {
  station: StationServer;
  /** Console errors and uncaught exceptions of the page; each test ends by expecting none. */
  pageErrors: string[];
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  station: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'station-desk-e2e-'));
    const ctx = await openStation(dir, { keyStore: fileKeyStore(dir), mode: 'web', appVersion: 'e2e' });
    const server = await startWebServer({ ctx, staticDir: resolve('out/renderer') });
    // Wall notices' PDFs (notices.exportPdf) through this server, as `station-desk web` does.
    ctx.pdf = chromiumPdfMaker({ baseUrl: server.url, token: server.token });
    const rawApi = async (name: CallName, input: unknown): Promise<CallResult> => {
      const response = await fetch(`${server.url}api/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-station-token': server.token },
        body: JSON.stringify(input),
      });
      return (await response.json()) as CallResult;
    };
    const api = async <N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> => {
      const result = await rawApi(name, input);
      if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
      return result.value as CallOutput<N>;
    };
    try {
      await use({ dir, ctx, server, openUrl: server.openUrl, api, rawApi });
    } finally {
      await ctx.pdf?.close();
      ctx.pdf = null;
      await server.close();
      await ctx.health.check().catch(() => undefined);
      await closeStation(ctx);
      rmSync(dir, { recursive: true, force: true });
    }
  },

  pageErrors: [
    // Depends on the station so that the check runs before its server closes.
    async ({ page, station: _station }, use) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console: ${message.text()}`);
      });
      page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
      await use(errors);
      expect(errors, 'the page logged errors (CSP violations, failed loads, exceptions)').toEqual([]);
    },
    { auto: true },
  ],
});

/** Saves a full-page screenshot for people to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  // Let web fonts finish so the picture shows what a clerk sees.
  await page.evaluate(
    () =>
      (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready,
  );
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Opens the app as the program's printed URL does and waits for the shell. */
export async function openSetUpStation(page: Page, station: StationServer): Promise<void> {
  await station.api('station.setup', SAMPLE_STATION);
  await page.goto(station.openUrl);
  await expect(page.getByRole('navigation', { name: '主导航' })).toBeVisible();
}

/** The form item (label, control and message) of the field with this label. */
export function formItem(page: Page, label: string) {
  return page.locator('.ant-form-item').filter({ has: page.getByLabel(label, { exact: true }) });
}

/**
 * Picks `option` in the antd Select named `name`. The dropdown opens with a motion and its
 * virtual list scrolls to the current value while opening, so a click can land before it
 * settles and be lost; this retries until the choice shows in the select.
 */
export async function pickOption(page: Page, name: string, option: string, scope: Page | Locator = page) {
  const combobox = scope.getByRole('combobox', { name });
  // `has` takes a locator relative to the outer one, so it starts from the page.
  const select = scope.locator('.ant-select').filter({ has: page.getByRole('combobox', { name }) });
  await expect(async () => {
    // Already chosen (a multiple select would drop it on a second click).
    if ((await select.textContent())?.includes(option)) return;
    const item = page.locator(
      '.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option',
      {
        hasText: option,
      },
    );
    if (!(await item.isVisible())) await combobox.click();
    await item.click({ timeout: 2_000 });
    await expect(select).toContainText(option, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
}
