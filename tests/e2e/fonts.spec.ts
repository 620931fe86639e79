import type { Page } from '@playwright/test';
import { expect, openSetUpStation, test } from './fixtures';

/**
 * The bundled web fonts. Chromium reports the family from the font file's own name table,
 * which for these subsets may carry a style suffix ("Noto Serif SC ExtraLight"); the system's
 * "Noto Sans CJK SC" or any other fallback does not match.
 */
const BUNDLED = ['Noto Sans SC', 'Noto Serif SC'];
const bundledFamily = (name: string) =>
  BUNDLED.find((family) => name === family || name.startsWith(`${family} `));

interface PlatformFont {
  familyName: string;
  postScriptName?: string;
  isCustomFont: boolean;
  glyphCount: number;
}

/** The fonts Chromium really drew an element's own text with, via the DevTools protocol. */
async function fontsUsedFor(page: Page, selector: string): Promise<PlatformFont[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  expect(nodeId, `no element for ${selector}`).toBeGreaterThan(0);
  // getPlatformFontsForNode counts the text directly inside the node, so ask its text child.
  const { node } = await cdp.send('DOM.describeNode', { nodeId, depth: 1 });
  const textIndex = (node.children ?? []).findIndex((child) => child.nodeType === 3);
  let target = nodeId;
  if (textIndex >= 0) {
    const { nodeIds } = await cdp.send('DOM.pushNodesByBackendIdsToFrontend', {
      backendNodeIds: [node.children![textIndex]!.backendNodeId],
    });
    target = nodeIds[0]!;
  }
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId: target });
  await cdp.detach();
  return fonts;
}

async function expectBundledFont(page: Page, selector: string, family: string): Promise<void> {
  const fonts = await fontsUsedFor(page, selector);
  test.info().annotations.push({
    type: 'fonts',
    description: `${selector}: ${fonts.map((f) => `${f.familyName} (${f.glyphCount} glyphs)`).join(', ')}`,
  });
  expect(fonts.length, `${selector} drew no glyphs`).toBeGreaterThan(0);
  for (const font of fonts) {
    expect(bundledFamily(font.familyName), `${selector} was drawn with ${font.familyName}`).toBe(family);
    expect(font.isCustomFont, `${selector}: ${font.familyName} is not the bundled web font`).toBe(true);
    expect(font.glyphCount).toBeGreaterThan(0);
  }
}

test('Chinese text is drawn with the bundled Noto fonts, with no fallback or missing glyphs', async ({
  page,
  station,
}) => {
  await openSetUpStation(page, station);
  await page.evaluate(
    () =>
      (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready,
  );

  // Titles in the serif face, everything else in the sans face.
  await expectBundledFont(page, 'h1.page-title', 'Noto Serif SC');
  await expectBundledFont(page, '.shell-product', 'Noto Serif SC');
  await expectBundledFont(page, '.shell-station-name', 'Noto Serif SC');
  await expectBundledFont(page, 'nav a[href="#/roster"]', 'Noto Sans SC');
  await expectBundledFont(page, 'nav a[href="#/packages"]', 'Noto Sans SC');
  await expectBundledFont(page, '[data-field="address"]', 'Noto Sans SC');

  const faces = await page.evaluate(() => {
    interface Face {
      family: string;
      status: string;
    }
    const doc = (
      globalThis as unknown as {
        document: { fonts: Iterable<Face> & { check(font: string, text: string): boolean } };
      }
    ).document;
    const loaded = [...doc.fonts]
      .filter((f) => f.status === 'loaded')
      .map((f) => f.family.replace(/["']/g, ''));
    return {
      loaded: [...new Set(loaded)],
      sans: doc.fonts.check('17px "Noto Sans SC"', '联络站工作台代表名册'),
      serif: doc.fonts.check('700 30px "Noto Serif SC"', '工作台'),
    };
  });
  expect(faces.loaded).toEqual(expect.arrayContaining(BUNDLED));
  expect(faces.sans).toBe(true);
  expect(faces.serif).toBe(true);
});
