/**
 * `npm run screenshots`: every page in every state a person meets, at 1280 px and 390 px, as PNGs in
 * screenshots/ (gitignored). Starts the local runtime the way the tests do (a temp data folder, the
 * Stripe emulator, the outbox) and arranges each state through the same helpers the tests use: a
 * customer submitting in each mode, the technical contact's review page, the shop's inbox and
 * request, the purchasing release page before and after release, and the status page after an
 * estimate, a quote and a release.
 *
 * `SCREENSHOTS_DIR` changes the output folder; `SCREENSHOTS_ONLY=home,terms` takes only shots whose
 * name contains one of the words.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureSiteBuilt } from '../src/dev/build-site.js';
import { ensureDbTemplate } from '../test/support/db-template.js';
import { launchBrowser } from '../test/support/browser.js';
import { startTestServer, type TestServer } from '../test/support/server.js';
import { createRequestWithLinks } from '../test/support/review.js';
import { accept, issueQuoteWithLink, staffOf } from '../test/support/release.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.resolve(process.env.SCREENSHOTS_DIR ?? path.join(ROOT, 'screenshots'));
const ONLY = (process.env.SCREENSHOTS_ONLY ?? '')
  .split(',')
  .map((word) => word.trim())
  .filter(Boolean);

const VIEWPORTS = [
  { name: '1280', width: 1280, height: 800 },
  { name: '390', width: 390, height: 844 },
] as const;
type Viewport = (typeof VIEWPORTS)[number];

type Mode = 'rough_estimate' | 'sample' | 'production';

let count = 0;
const started = Date.now();

function wanted(name: string): boolean {
  return ONLY.length === 0 || ONLY.some((word) => name.includes(word));
}

function log(message: string): void {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
  console.log(`[${seconds}s] ${message}`);
}

async function newPage(browser: Browser, viewport: Viewport, cookie?: string, url?: string) {
  const context: BrowserContext = await browser.newContext({
    viewport: { width: viewport.width, height: viewport.height },
    deviceScaleFactor: 1,
    locale: 'en-GB',
    isMobile: viewport.width < 500,
    hasTouch: viewport.width < 500,
    reducedMotion: 'reduce',
  });
  if (cookie && url) {
    const [name = '', value = ''] = cookie.split('=');
    await context.addCookies([{ name, value, url }]);
  }
  return { context, page: await context.newPage() };
}

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => document.fonts.ready);
  // Moves focus away from a just-focused heading, so no focus ring lands in the picture.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

async function shoot(page: Page, name: string, viewport: Viewport): Promise<void> {
  await settle(page);
  const file = path.join(OUT, `${name}-${viewport.name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  count += 1;
  log(`wrote ${path.relative(ROOT, file)}`);
}

/** Opens a page (a path or a full link) and waits for its first heading. */
async function visit(page: Page, server: TestServer, target: string): Promise<void> {
  await page.goto(target.startsWith('http') ? target : server.url + target, { waitUntil: 'load' });
  await page.locator('h1').first().waitFor();
}

/** A field by id (text typed, `true` ticks it) or a radio choice by `name=value`. */
type Fill = { id?: string; radio?: string; value: string | true; modes?: readonly Mode[] };

/** What a customer types, by field id; each step fills the ones it shows (the form's step layout may change). */
function answers(mode: Mode, tag: string): Fill[] {
  return [
    { id: 'q-quantities-sample', value: '2', modes: ['sample'] },
    { id: 'q-quantities-total', value: '500', modes: ['rough_estimate', 'production'] },
    { id: 'q-neededBy', value: `${new Date().getUTCFullYear() + 1}-03-31` },
    { id: 'q-part-name', value: `Pump bracket ${tag}` },
    { id: 'q-part-problem', value: 'The original clip cracks after a week near the heater.' },
    { radio: 'part.kind', value: 'replacement' },
    { id: 'q-part-size-lengthMm', value: '120' },
    { id: 'q-part-size-widthMm', value: '40' },
    { id: 'q-part-size-heightMm', value: '30' },
    { id: 'q-material-help', value: true, modes: ['sample'] },
    { id: 'q-part-material', value: 'PETG', modes: ['rough_estimate', 'production'] },
    { id: 'q-part-environment-heat', value: true },
    { id: 'q-technicalContact-name', value: 'Ada Lovelace' },
    { id: 'q-technicalContact-email', value: `ada.${tag}@acme.test` },
    { id: 'q-technicalContact-company', value: 'Acme Pumps GmbH' },
    { id: 'q-purchasingApprover-name', value: 'Bo Buyer' },
    { id: 'q-purchasingApprover-email', value: `bo.${tag}@acme.test` },
    { id: 'q-purchasingApprover-company', value: 'Acme Pumps GmbH' },
    { radio: 'purchasingApprover.poStatus', value: mode === 'production' ? 'issued' : 'none' },
    { id: 'q-purchasingApprover-poNumber', value: 'PO-4411', modes: ['production'] },
  ].filter((fill) => !fill.modes || fill.modes.includes(mode)) as Fill[];
}

async function fillVisible(page: Page, fills: readonly Fill[]): Promise<void> {
  for (const { id, radio, value } of fills) {
    const control = page.locator(radio ? `input[type=radio][name="${radio}"][value="${value}"]` : `[id="${id}"]`);
    if ((await control.count()) === 0 || !(await control.isVisible())) continue;
    if (value === true || radio) await control.check();
    else if ((await control.inputValue()) === '') await control.fill(String(value));
  }
  // Radio groups whose ids the list does not know: take the first choice, as a hurried person would.
  const groups = await page.$$eval('.quote-form input[type=radio]', (radios) => [
    ...new Set(radios.map((radio) => (radio as HTMLInputElement).name)),
  ]);
  for (const name of groups) {
    const checked = await page.locator(`input[type=radio][name="${name}"]:checked`).count();
    if (checked === 0) await page.locator(`input[type=radio][name="${name}"]`).first().check();
  }
}

const stepTitle = (page: Page) => page.evaluate(() => document.querySelector('#step-title')?.textContent ?? '');

/** Presses Next and waits for the next step's heading (or the error summary when the step refuses). */
async function nextStep(page: Page): Promise<string> {
  const before = await stepTitle(page);
  await page.locator('.form-nav button[type=submit]').click();
  await page.waitForFunction(
    (title) => document.querySelector('#step-title')?.textContent !== title || document.querySelector('.error-summary'),
    before,
  );
  const after = await stepTitle(page);
  if (after === before) {
    const summary = await page.locator('.error-summary').innerText();
    throw new Error(`the step "${before}" refused: ${summary}`);
  }
  return after;
}

const slug = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** The quote form from step 1 to the success page, shooting each step when asked. */
async function quoteForm(
  page: Page,
  server: TestServer,
  viewport: Viewport,
  mode: Mode,
  { photo, steps }: { photo: string; steps: boolean },
): Promise<void> {
  const tag = `${mode}-${viewport.name}`;
  const fills = answers(mode, tag);
  let index = 1;
  const step = async (title: string) => {
    if (steps) await shoot(page, `visitor-quote-${index}-${slug(title)}`, viewport);
    index += 1;
  };
  await visit(page, server, `/quote/?mode=${mode}`);
  await page.waitForFunction(() => !document.querySelector('button[type=submit]')?.hasAttribute('disabled'));
  let title = await stepTitle(page);
  if (steps) {
    // The error summary, as a person sees it after pressing Next on an empty step.
    await page.locator('.form-nav button[type=submit]').click();
    const refused = await page
      .locator('.error-summary')
      .waitFor({ timeout: 3_000 })
      .then(() => true)
      .catch(() => false);
    if (refused) await shoot(page, `visitor-quote-0-errors`, viewport);
    else await visit(page, server, `/quote/?mode=${mode}`);
    title = await stepTitle(page);
  }
  for (let guard = 0; title !== 'Review and send' && guard < 8; guard += 1) {
    await fillVisible(page, fills);
    if (steps && (await page.locator('#q-fileIds').count()) > 0) {
      await page.locator('#q-fileIds').setInputFiles([photo]);
      await page.waitForFunction(() => document.querySelectorAll('.file-item.file-done').length === 1);
    }
    await step(title);
    title = await nextStep(page);
  }
  await shoot(page, `customer-${mode}-review`, viewport);
  await page.locator('.form-nav button[type=submit]').click();
  await page.locator('#success-title').waitFor({ timeout: 20_000 });
  await shoot(page, `customer-${mode}-sent`, viewport);
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  log('building the site and the database template when stale…');
  await Promise.all([ensureSiteBuilt({ quiet: true }), ensureDbTemplate()]);
  log('starting the local runtime and Chromium…');
  const [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  const fixtures = mkdtempSync(path.join(os.tmpdir(), 'screenshots-'));
  const photo = path.join(fixtures, 'bracket-photo.png');
  writeFileSync(
    photo,
    await sharp({ create: { width: 640, height: 400, channels: 3, background: '#7a8794' } })
      .png()
      .toBuffer(),
  );
  try {
    log(`local runtime at ${server.url}; writing to ${path.relative(ROOT, OUT) || OUT}/`);
    const staff = await staffOf(server);

    // Link pages in real states, arranged once and shot at both widths.
    log('arranging requests: new, estimated, quoted, released…');
    const fresh = await createRequestWithLinks(server);
    const estimated = await createRequestWithLinks(server, { mode: 'rough_estimate' });
    const sent = await staff.call('POST', `/api/shop/requests/${estimated.id}/estimate`, {
      sendId: randomUUID(),
      quantity: 500,
      low: '2400',
      high: '3900',
      leadDaysMin: 6,
      leadDaysMax: 10,
      material: 'PETG',
      assumptions: ['Size from the request', 'Excludes shipping'],
      note: 'Happy to refine after a sample.',
    });
    if (sent.status !== 201) throw new Error(`estimate answered ${sent.status}: ${JSON.stringify(sent.body)}`);
    const quoted = await issueQuoteWithLink(server);
    const released = await issueQuoteWithLink(server);
    const release = await accept(server, released.revisionId, released.releaseToken);
    if (release.status !== 200 && release.status !== 201) {
      throw new Error(`release answered ${release.status}: ${JSON.stringify(release.body)}`);
    }

    for (const viewport of VIEWPORTS) {
      log(`— ${viewport.width} px —`);
      const { context, page } = await newPage(browser, viewport);
      const staticPages: [string, string][] = [
        ['visitor-home', '/'],
        ['visitor-guides', '/guides/'],
        ['visitor-guide', '/guides/technical-approval-vs-purchasing-release/'],
        ['visitor-terms', '/terms/'],
        ['visitor-not-found', '/no-such-page/'],
      ];
      for (const [name, pathname] of staticPages) {
        if (!wanted(name)) continue;
        await visit(page, server, pathname);
        await shoot(page, name, viewport);
      }
      await context.close();

      for (const mode of ['rough_estimate', 'sample', 'production'] as const) {
        if (!wanted(`customer-${mode}`) && !(mode === 'rough_estimate' && wanted('visitor-quote'))) continue;
        const run = await newPage(browser, viewport);
        await quoteForm(run.page, server, viewport, mode, { photo, steps: mode === 'rough_estimate' });
        await run.context.close();
      }

      const linkPages: [string, string, string?][] = [
        ['technical-review', fresh.reviewUrl],
        ['status-new', fresh.statusUrl],
        ['status-estimate', estimated.statusUrl],
        ['status-quoted', quoted.statusUrl],
        ['purchasing-release-before', quoted.releaseUrl],
        ['purchasing-release-after', released.releaseUrl],
        ['status-released', released.statusUrl],
        ['shop-inbox', '/shop/', staff.cookie],
        ['shop-request', `/shop/request/?id=${quoted.id}`, staff.cookie],
      ];
      for (const [name, target, cookie] of linkPages) {
        if (!wanted(name)) continue;
        const run = await newPage(browser, viewport, cookie, server.url);
        await visit(run.page, server, target);
        await shoot(run.page, name, viewport);
        await run.context.close();
      }
    }
    log(`done: ${count} screenshots in ${path.relative(ROOT, OUT) || OUT}/`);
  } finally {
    await browser.close();
    await server.close();
    rmSync(fixtures, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
