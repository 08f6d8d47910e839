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

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

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

/** Serious and critical axe violations on the page as it is now. */
export async function axeScan(page: Page): Promise<AxeViolation[]> {
  const results = await new AxeBuilder({ page }).analyze();
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
