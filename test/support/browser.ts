/**
 * Real Chromium (Debian package `chromium`) driven by playwright-core; CHROME_PATH overrides the path.
 */
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { DRAFT_KEY } from '../../src/islands/quote-form/draft.js';
import { validRequest } from './intake.js';
import { findBinary, requireBinary } from './binaries.js';

export const CHROME_PATH = findBinary('chromium', [process.env.CHROME_PATH ?? '', '/usr/bin/chromium']);

/** Whether the browser layer can run here (see binaries.ts for the CI rule). */
export const browserAvailable = requireBinary(
  'browser tests',
  CHROME_PATH,
  'Chromium not found (apt-get install -y chromium, or set CHROME_PATH)',
);

/**
 * The Chromium features switched off. Chromium honours only the last --disable-features on its
 * command line, so this repeats playwright-core's own list (its chromiumSwitches.ts, as of 1.65)
 * and adds the omnibox popups: headless Chromium renders two WebUI omnibox popups, in a renderer of
 * their own, for every window, so for every page a test opens. They cost about as much CPU as the
 * page under test and nothing ever shows them. smoke.test.ts checks that this list still holds
 * every feature playwright-core switches off, and that no popup is rendered.
 */
export const DISABLED_FEATURES = [
  // playwright-core's
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
  // ours
  'WebUIOmniboxPopup',
  'WebUIOmniboxAimPopup',
];

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  `--disable-features=${DISABLED_FEATURES.join(',')}`,
];

/** A Chromium of this test file's own, with the flags above. */
export async function launchBrowser(): Promise<Browser> {
  if (!CHROME_PATH) throw new Error('Chromium not found');
  return chromium.launch({ executablePath: CHROME_PATH, args: FLAGS, headless: true });
}

export interface AxeViolation {
  id: string;
  impact: string | null | undefined;
  help: string;
  nodes: string[];
}

/**
 * Serious and critical axe violations on the page as it is now: every axe rule, every node.
 * Legacy mode runs `axe.run` in the page itself instead of `runPartial` per frame and `finishRun` in a
 * second, blank page; all it gives up is cross-origin frames, and the portal's pages embed no frame
 * (their CSP allows none from another origin). Only violations are gathered in full (axe still runs
 * every check; passes and the rest list one node each). Together about half the cost of a scan.
 */
export async function axeScan(page: Page): Promise<AxeViolation[]> {
  const results = await new AxeBuilder({ page })
    .setLegacyMode(true)
    .options({ resultTypes: ['violations'] })
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => node.target.join(' ')),
    }));
}

/** Collects console errors and page errors so a test can assert there were none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** Nothing on the page wider than the viewport (the skip link waits off-screen by design). */
export async function expectFits(page: Page, width: number): Promise<void> {
  const found = await page.evaluate((viewport) => {
    const wide = [...document.querySelectorAll('body *:not(.skip-link)')]
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && (box.right > viewport + 0.5 || box.left < -0.5);
      })
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
    return { scrollWidth: document.documentElement.scrollWidth, wide };
  }, width);
  expect(found.scrollWidth).toBeLessThanOrEqual(width);
  expect(found.wide).toEqual([]);
}

/**
 * Opens /quote/ at the files step with every other step answered (a valid request's values), as a
 * person coming back to a saved draft: one page load, then the form restores the draft.
 */
export async function openQuoteFormAtFiles(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/quote/`);
  const { fileIds: _none, ...values } = validRequest({ mode: 'rough_estimate', quantities: { total: 20 } });
  await page.evaluate(
    ([key, saved]) => {
      localStorage.setItem(key, JSON.stringify({ version: 1, step: 'files', values: saved, files: [], savedAt: '' }));
    },
    [DRAFT_KEY, values] as const,
  );
  await page.reload();
  await page.waitForFunction(() => document.querySelector('#step-title')?.textContent === 'Files');
}
