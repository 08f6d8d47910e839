/**
 * The quote form tried as a new user would, in a real Chromium against the real functions: each mode
 * end to end on a desktop and on a 390 px viewport with the keyboard only (Tab, Shift+Tab, arrows,
 * Space, Enter and typing; no clicks), an upload with its progress bar, a reload that restores the
 * draft, the error summary, a server 422 mapped back onto its input, and the mails each role receives.
 * One server and one browser for the file; a new browser context per run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Browser, BrowserContext, FileChooser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REMINDER_SETTINGS } from '../../src/domain/reminder-settings-schema.js';
import { axeScan, browserAvailable, collectPageErrors, launchBrowser } from '../support/browser.js';
import { deliveredMails, startTestServer, type TestServer } from '../support/server.js';
import { mailsTo } from '../support/shop.js';

type Mode = 'rough_estimate' | 'sample' | 'production';
type Viewport = { name: string; width: number; height: number };

const DESKTOP: Viewport = { name: 'desktop', width: 1280, height: 900 };
const PHONE: Viewport = { name: '390 px phone', width: 390, height: 844 };
// Whole-form runs on 2 shared cores take a while; the budget is generous, never a speed assertion.
const SLOW = { timeout: 420_000 };

let server: TestServer;
let browser: Browser;
let fixtures: string;
let photo: string;
let stl: string;

async function newPage(viewport: Viewport): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: viewport.width, height: viewport.height },
    locale: 'en-US',
    isMobile: viewport.width < 500,
    hasTouch: viewport.width < 500,
  });
  const page = await context.newPage();
  return { context, page, errors: collectPageErrors(page) };
}

/**
 * Space on the focused file input opens the chooser, as for a keyboard user. Headless Chromium now
 * and then drops the first press on a loaded machine, so it is pressed again (at most 3 times).
 */
async function openFileChooserByKeyboard(page: Page): Promise<FileChooser> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const opened = page.waitForEvent('filechooser', { timeout: 5_000 }).catch(() => undefined);
    await page.keyboard.press('Space');
    const chooser = await opened;
    if (chooser) return chooser;
  }
  throw new Error('Space on the file input never opened the file chooser');
}

/** Presses Tab (or Shift+Tab) until the focused element matches, like a keyboard user looking for a field. */
async function tabTo(page: Page, selector: string, { backwards = false, max = 80 } = {}): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  // Say where the keyboard was instead: the step on screen and the element holding focus.
  const seen = await page.evaluate(() => ({
    step: document.querySelector('#step-title')?.textContent,
    focused: document.activeElement?.id || document.activeElement?.tagName.toLowerCase(),
  }));
  throw new Error(`Tab never reached ${selector} (step on screen: ${seen.step}; focus on: ${seen.focused})`);
}

async function typeInto(page: Page, id: string, text: string): Promise<void> {
  await tabTo(page, `#${id}`);
  await page.keyboard.type(text);
}

/** Radio groups: Tab into the group, arrows to the wanted choice (arrows also check it), Space to be sure. */
async function chooseRadio(page: Page, name: string, value: string): Promise<void> {
  await tabTo(page, `input[type=radio][name="${name}"]`);
  for (let i = 0; i < 6; i += 1) {
    if (await page.evaluate((v) => (document.activeElement as HTMLInputElement).value === v, value)) break;
    await page.keyboard.press('ArrowDown');
  }
  const checked = await page.evaluate(() => (document.activeElement as HTMLInputElement).checked);
  if (!checked) await page.keyboard.press('Space');
}

async function tick(page: Page, id: string): Promise<void> {
  await tabTo(page, `#${id}`);
  await page.keyboard.press('Space');
}

async function pressNext(page: Page): Promise<void> {
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
}

async function expectStep(page: Page, label: string, title: string): Promise<void> {
  await page.waitForFunction((t) => document.querySelector('#step-title')?.textContent === t, title);
  expect(await page.locator('.progress-label').textContent()).toContain(label);
  expect(await page.locator('[aria-current="step"] .progress-title').textContent()).toBe(title);
  // Focus moved to the step heading so a screen reader announces the new step.
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('step-title');
}

async function expectNoSeriousAxe(page: Page, where: string): Promise<void> {
  const violations = await axeScan(page);
  expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

async function expectNoSidewaysScroll(page: Page, viewport: Viewport): Promise<void> {
  if (viewport.width > 500) return;
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(viewport.width);
  // No single element sticks out on the right either (a skip link parked off-screen left is by design).
  const wide = await page.evaluate((w) => {
    return Array.from(document.querySelectorAll('body *'))
      .filter((element) => {
        const box = element.getBoundingClientRect();
        return box.width > 0 && box.right > w + 0.5 && !element.closest('.visually-hidden');
      })
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
  }, viewport.width);
  expect(wide).toEqual([]);
}

/** A date `days` from today as typed into Chromium's en-US date picker (mmddyyyy). */
function pickerKeys(days: number): string {
  const date = new Date(Date.now() + days * 24 * 60 * 60 * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getMonth() + 1)}${pad(date.getDate())}${date.getFullYear()}`;
}

type Run = {
  mode: Mode;
  viewport: Viewport;
  axe: boolean;
  sameContact: boolean;
  upload: boolean;
  /** Ticks "Orders above an amount need a second approver" and names one (architecture §11). */
  secondApprover?: boolean;
};

const DANA = { name: 'Dana Director', email: 'dana.director@acme.test' };

/** The second approver: first the approver's own address (refused beside the field), then hers. */
async function nameSecondApprover(page: Page, approver: string, check: (where: string) => Promise<void>) {
  await tick(page, 'q-needsSecondApprover');
  await page.waitForSelector('#q-secondApprover-name');
  await typeInto(page, 'q-secondApprover-name', DANA.name);
  await typeInto(page, 'q-secondApprover-email', approver.toUpperCase());
  await typeInto(page, 'q-secondApprover-threshold', '5000');
  await pressNext(page);
  await page.waitForSelector('#q-secondApprover-email-error');
  expect(await page.locator('#q-secondApprover-email-error').textContent()).toContain(
    "This is the purchasing approver's email",
  );
  expect(await page.locator('#q-secondApprover-email').getAttribute('aria-invalid')).toBe('true');
  expect(await page.locator('#q-secondApprover-email').getAttribute('aria-describedby')).toContain(
    'q-secondApprover-email-error',
  );
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('q-secondApprover-email');
  await check('step 5, second approver refused');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(DANA.email);
}

async function fillToReview(page: Page, run: Run, tag: string): Promise<{ technical: string; approver: string }> {
  const technical = `ada.${tag}@acme.test`;
  const approver = run.sameContact ? technical : `bo.${tag}@acme.test`;
  const check = async (where: string) => {
    await expectNoSidewaysScroll(page, run.viewport);
    if (run.axe) await expectNoSeriousAxe(page, where);
  };

  // Step 1: preselected by ?mode= from the guides; the keyboard user confirms it.
  await page.goto(`${server.url}/quote/?mode=${run.mode}`);
  await page.waitForFunction(() => !document.querySelector('button[type=submit]')?.hasAttribute('disabled'));
  expect(await page.locator('.progress-label').textContent()).toContain('Step 1 of 6');
  expect(await page.locator(`input[name=mode][value=${run.mode}]`).isChecked()).toBe(true);
  // What you need now: the quantities the mode asks for and the date, on the same step.
  if (run.mode === 'sample') await typeInto(page, 'q-quantities-sample', '2');
  else await typeInto(page, 'q-quantities-total', '500');
  await typeInto(page, 'q-neededBy', pickerKeys(90));
  await check('step 1');
  await pressNext(page);

  // Step 2: the part.
  await expectStep(page, 'Step 2 of 6', 'The part');
  await typeInto(page, 'q-part-name', `Pump bracket ${tag}`);
  await typeInto(page, 'q-part-problem', 'The original clip cracks after a week near the heater.');
  await chooseRadio(page, 'part.kind', 'replacement');
  await typeInto(page, 'q-part-size-lengthMm', '120');
  await typeInto(page, 'q-part-size-widthMm', '40');
  await typeInto(page, 'q-part-size-heightMm', '30');
  if (run.mode === 'sample') await tick(page, 'q-material-help');
  else await typeInto(page, 'q-part-material', 'PETG');
  await tick(page, 'q-part-environment-heat');
  await check('step 2');
  await pressNext(page);

  // Step 3: files.
  await expectStep(page, 'Step 3 of 6', 'Files');
  if (run.upload) {
    await tabTo(page, '#q-fileIds');
    const chooser = await openFileChooserByKeyboard(page);
    await chooser.setFiles([photo, stl]);
    const items = page.locator('.file-item');
    await page.waitForFunction(() => document.querySelectorAll('.file-item.file-done').length === 2, undefined, {
      timeout: 15_000,
    });
    expect(await items.count()).toBe(2);
    const bar = items.first().locator('progress');
    expect(await bar.isVisible()).toBe(true);
    expect(await bar.getAttribute('value')).toBe('100');
    expect(await items.first().locator('img.file-thumb').isVisible()).toBe(true);
    expect(await items.nth(1).locator('.file-icon').textContent()).toBe('CAD');
  }
  await check('step 3');
  await pressNext(page);

  // Step 4: technical contact.
  await expectStep(page, 'Step 4 of 6', 'Technical contact');
  await typeInto(page, 'q-technicalContact-name', 'Ada Lovelace');
  await typeInto(page, 'q-technicalContact-email', technical);
  await typeInto(page, 'q-technicalContact-company', 'Acme Pumps GmbH');
  await check('step 4');
  await pressNext(page);

  // Step 5: purchasing approver.
  await expectStep(page, 'Step 5 of 6', 'Purchasing approver');
  if (run.sameContact) {
    await tick(page, 'q-sameContactForBothRoles');
  } else {
    await typeInto(page, 'q-purchasingApprover-name', 'Bo Buyer');
    await typeInto(page, 'q-purchasingApprover-email', approver);
    await typeInto(page, 'q-purchasingApprover-company', 'Acme Pumps GmbH');
  }
  await chooseRadio(page, 'purchasingApprover.poStatus', run.mode === 'production' ? 'issued' : 'none');
  if (run.mode === 'production') await typeInto(page, 'q-purchasingApprover-poNumber', 'PO-4411');
  if (run.secondApprover) await nameSecondApprover(page, approver, check);
  await check('step 5');
  await pressNext(page);

  // Step 6: review lists everything and the handoff note.
  await expectStep(page, 'Step 6 of 6', 'Review and send');
  const review = (await page.locator('.quote-form').textContent()) ?? '';
  expect(review).toContain(`Pump bracket ${tag}`);
  expect(review).toContain(technical);
  expect(review).toContain('Technical review is still pending with the technical contact');
  if (run.sameContact) expect(review).toContain('Ada Lovelace will also approve the purchase');
  else expect(review).toContain(approver);
  if (run.upload) expect(review).toContain('bracket-photo.png');
  if (run.secondApprover) {
    expect(review).toContain(`${DANA.name} (${DANA.email})`);
    expect(review).toContain(`Orders above €5,000.00: nothing is ordered until ${DANA.name} has released too.`);
  }
  await check('step 6');
  return { technical, approver };
}

async function submitTwice(page: Page, axe: boolean): Promise<void> {
  await tabTo(page, 'button[type=submit]');
  // A double press sends one request: the button is disabled while sending and the draft id is the same.
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#success-title', { timeout: 15_000 });
  expect(await page.locator('#success-title').textContent()).toMatch(/^Request PF-\d{4}-\d{4,} received$/);
  // The reply the shop promises, from the same settings its own reminders follow (architecture §13).
  expect(await page.locator('.reply-promise').textContent()).toBe(REMINDER_SETTINGS.replyPromise);
  // Only the receipt: the page's title and introduction are gone, the links sent are named.
  expect(await page.locator('.form-page > .lede').isVisible()).toBe(false);
  expect(await page.getByRole('heading', { level: 1 }).allTextContents()).toEqual([
    (await page.locator('#success-title').textContent()) ?? '',
  ]);
  expect(await page.locator('.next-steps').textContent()).toMatch(
    /An email to \S+@acme\.test|One email to \S+@acme\.test/,
  );
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('success-title');
  if (axe) await expectNoSeriousAxe(page, 'success');
}

/** Loads /quote/ with a saved draft at this step, as a person returning to it would. */
async function loadWithDraft(page: Page, step: string): Promise<void> {
  await page.goto(`${server.url}/quote/`);
  await page.evaluate((s) => {
    const draft = {
      version: 1,
      step: s,
      values: { clientDraftId: crypto.randomUUID(), mode: 'rough_estimate' },
      files: [],
      savedAt: '',
    };
    localStorage.setItem('quote-form-draft-v1', JSON.stringify(draft));
  }, step);
  await page.reload();
}

/** Starts the form at a step with a saved draft, and waits until Next works there. */
async function openWithDraft(page: Page, step: string): Promise<void> {
  await loadWithDraft(page, step);
  await page.waitForFunction(() => !document.querySelector('button[type=submit]')?.hasAttribute('disabled'));
}

describe.skipIf(!browserAvailable)('quote form in Chromium', () => {
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    fixtures = mkdtempSync(path.join(os.tmpdir(), 'quote-e2e-'));
    photo = path.join(fixtures, 'bracket-photo.png');
    await sharp({ create: { width: 320, height: 200, channels: 3, background: '#4a7bd0' } })
      .png()
      .toFile(photo);
    stl = path.join(fixtures, 'bracket.stl');
    writeFileSync(
      stl,
      'solid bracket\n facet normal 0 0 1\n  outer loop\n   vertex 0 0 0\n   vertex 1 0 0\n   vertex 0 1 0\n  endloop\n endfacet\nendsolid bracket\n',
    );
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (fixtures) rmSync(fixtures, { recursive: true, force: true });
  });

  const runs: Run[] = [
    { mode: 'rough_estimate', viewport: DESKTOP, axe: true, sameContact: false, upload: true },
    { mode: 'sample', viewport: DESKTOP, axe: false, sameContact: true, upload: false },
    { mode: 'production', viewport: DESKTOP, axe: false, sameContact: false, upload: false },
    { mode: 'rough_estimate', viewport: PHONE, axe: false, sameContact: true, upload: false },
    { mode: 'sample', viewport: PHONE, axe: true, sameContact: false, upload: true, secondApprover: true },
    { mode: 'production', viewport: PHONE, axe: false, sameContact: false, upload: false },
  ];

  it.each(runs.map((run) => [run.mode, run.viewport.name, run] as const))(
    '%s on %s, keyboard only, end to end with the mails each role receives',
    async (_mode, _viewport, run) => {
      const { context, page, errors } = await newPage(run.viewport);
      const tag = `${run.mode.replace('_', '')}${run.viewport.width}`;
      let posts = 0;
      page.on('request', (request) => {
        if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/requests') posts += 1;
      });
      const { technical, approver } = await fillToReview(page, run, tag);
      await submitTwice(page, run.axe);
      expect(posts).toBe(1);

      // One message per role, each with a working link.
      const technicalMails = await mailsTo(server, technical);
      expect(technicalMails).toHaveLength(1);
      if (!run.sameContact) expect(await mailsTo(server, approver)).toHaveLength(1);
      if (run.secondApprover) {
        // Named in the intake mails; her own link comes with a quote above the amount.
        expect((await mailsTo(server, approver))[0]?.text).toContain(`also need the release of ${DANA.name}`);
        expect(await mailsTo(server, DANA.email)).toHaveLength(0);
      }
      const shopMails = (await deliveredMails(server)).filter((m) => m.text.includes(`Pump bracket ${tag}`));
      expect(shopMails.length).toBe(run.sameContact ? 2 : 3);
      const reviewLink = technicalMails[0]?.links.find((link) => link.includes('/review/'));
      expect(reviewLink).toBeDefined();
      const url = new URL(reviewLink ?? '');
      const token = new URLSearchParams(url.hash.slice(1)).get('token');
      const id = url.searchParams.get('id');
      const response = await fetch(`${server.url}/api/requests/${id}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { mode: string }).mode).toBe(run.mode);

      // The status link from the success view shows the timeline; keyboard: Tab to it, Enter.
      await tabTo(page, 'a.button[href*="/status/"]', { backwards: true });
      await page.keyboard.press('Enter');
      await page.waitForSelector('.lane-steps', { timeout: 15_000 });
      expect(await page.locator('.lane').count()).toBe(2);
      expect(page.url()).not.toContain('token=');
      expect(errors).toEqual([]);
      await context.close();
    },
    SLOW.timeout,
  );

  it(
    'a reload mid-form restores the draft, including uploaded files',
    async () => {
      const { context, page, errors } = await newPage(DESKTOP);
      await page.goto(`${server.url}/quote/?mode=production`);
      await page.waitForFunction(() => !document.querySelector('button[type=submit]')?.hasAttribute('disabled'));
      // Opened and left untouched: nothing is kept, so the next visit greets nobody with a draft.
      await page.waitForTimeout(600);
      expect(await page.evaluate(() => localStorage.getItem('quote-form-draft-v1'))).toBeNull();
      // A draft another tab saves meanwhile outlives this blank form's reload, and is restored.
      const otherTab = await context.newPage();
      await otherTab.goto(`${server.url}/quote/`);
      await otherTab.waitForFunction(() => !document.querySelector('button[type=submit]')?.hasAttribute('disabled'));
      await typeInto(otherTab, 'q-quantities-total', '12');
      await expect.poll(() => otherTab.evaluate(() => localStorage.getItem('quote-form-draft-v1'))).not.toBeNull();
      await otherTab.close();
      await page.reload();
      await page.waitForFunction(() => document.querySelector('.restored-notice') !== null);
      expect(await page.inputValue('#q-quantities-total')).toBe('12');
      // Started over: nothing is kept again.
      await page.getByRole('button', { name: 'Start over with an empty form' }).click();
      await expect.poll(() => page.inputValue('#q-quantities-total')).toBe('');
      await page.reload();
      await page.waitForFunction(() => !document.querySelector('button[type=submit]')?.hasAttribute('disabled'));
      expect(await page.locator('.restored-notice').count()).toBe(0);
      await typeInto(page, 'q-quantities-total', '40');
      await typeInto(page, 'q-neededBy', pickerKeys(90));
      await pressNext(page);
      await expectStep(page, 'Step 2 of 6', 'The part');
      await typeInto(page, 'q-part-name', 'Reload bracket');
      await typeInto(page, 'q-part-size-lengthMm', '77');
      await page.reload();
      await page.waitForFunction(() => document.querySelector('#step-title')?.textContent === 'The part');
      expect(await page.inputValue('#q-part-name')).toBe('Reload bracket');
      expect(await page.inputValue('#q-part-size-lengthMm')).toBe('77');
      const notice = page.locator('.restored-notice[role=status]');
      expect(await notice.textContent()).toContain('We restored the draft');
      // Below the form's buttons: it pushes nothing that was already on screen.
      const [noticeTop, navBottom] = await Promise.all([
        notice.evaluate((element) => element.getBoundingClientRect().top),
        page.locator('.form-nav').evaluate((element) => element.getBoundingClientRect().bottom),
      ]);
      expect(noticeTop).toBeGreaterThanOrEqual(navBottom);

      // Fill the rest of the step, upload on step 3, reload again: the file is still attached.
      await typeInto(page, 'q-part-problem', 'Snaps off.');
      await chooseRadio(page, 'part.kind', 'new');
      await typeInto(page, 'q-part-size-widthMm', '10');
      await typeInto(page, 'q-part-size-heightMm', '5');
      await typeInto(page, 'q-part-material', 'ASA');
      await pressNext(page);
      await expectStep(page, 'Step 3 of 6', 'Files');
      await tabTo(page, '#q-fileIds');
      const chooser = await openFileChooserByKeyboard(page);
      await chooser.setFiles(photo);
      await page.waitForSelector('.file-item.file-done');
      await page.reload();
      await page.waitForFunction(() => document.querySelector('#step-title')?.textContent === 'Files');
      expect(await page.locator('.file-item.file-done .file-name').textContent()).toContain('bracket-photo.png');
      expect(errors).toEqual([]);
      await context.close();
    },
    SLOW.timeout,
  );

  it(
    'Next on an empty step shows an error summary and moves focus to the first bad field',
    async () => {
      const { context, page } = await newPage(PHONE);
      await page.goto(`${server.url}/quote/`);
      await page.waitForFunction(() => !document.querySelector('button[type=submit]')?.hasAttribute('disabled'));
      await pressNext(page);
      await page.waitForSelector('.error-summary[role=alert]');
      // Focus moves once the summary has rendered: wait for it rather than read it in the same frame.
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('q-mode');
      expect(await page.getAttribute('#q-mode', 'aria-invalid')).toBe('true');

      await chooseRadio(page, 'mode', 'sample');
      await pressNext(page);
      await page.waitForFunction(() =>
        document.querySelector('.error-summary')?.textContent?.includes('how many samples'),
      );
      // A sample request must give the sample count, and the label no longer calls it optional.
      expect(await page.locator('label[for=q-quantities-sample]').textContent()).toBe('Samples');
      expect(await page.getAttribute('#q-quantities-sample', 'aria-required')).toBe('true');
      // The date example is a future date, in the picker's own format.
      const dateError = (await page.locator('#q-neededBy-error').textContent()) ?? '';
      const example = /e\.g\. (\d{2})\/(\d{2})\/(\d{4})/.exec(dateError);
      expect(example, dateError).not.toBeNull();
      const [, mm, dd, yyyy] = example ?? [];
      expect(new Date(`${yyyy}-${mm}-${dd}T23:59:59`).getTime()).toBeGreaterThan(Date.now());
      await typeInto(page, 'q-quantities-sample', '2');
      await typeInto(page, 'q-neededBy', pickerKeys(30));
      await pressNext(page);
      await expectStep(page, 'Step 2 of 6', 'The part');
      await typeInto(page, 'q-part-name', 'Clip');
      await pressNext(page);
      await page.waitForSelector('.error-summary[role=alert]');
      const links = await page.locator('.error-summary a').allTextContents();
      expect(links[0]).toBe(
        'Describe the problem the part solves, e.g. "The original clip cracks after a week near the heater."',
      );
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('q-part-problem');
      const described = (await page.getAttribute('#q-part-problem', 'aria-describedby')) ?? '';
      expect(described).toContain('q-part-problem-error');
      await expectNoSeriousAxe(page, 'error summary');
      await context.close();
    },
    SLOW.timeout,
  );

  it(
    'files: paste and drop upload, remove keeps focus, and a refused file shows its problem on itself',
    async () => {
      const { context, page } = await newPage(DESKTOP);
      await openWithDraft(page, 'files');
      expect(await page.locator('#step-title').textContent()).toBe('Files');
      const svg = path.join(fixtures, 'drawing.svg');
      writeFileSync(svg, '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
      const fake = path.join(fixtures, 'renamed.png');
      writeFileSync(fake, 'this is not a png at all, just text pretending');
      await page.setInputFiles('#q-fileIds', [svg, fake]);
      await page.waitForSelector('.file-item.file-failed >> nth=1', { timeout: 15_000 });
      const failed = await page.locator('.file-item.file-failed').allTextContents();
      expect(failed.find((t) => t.includes('drawing.svg'))).toContain('.svg files are not accepted');
      expect(failed.find((t) => t.includes('renamed.png'))).toContain('renamed.png');
      // A refused file shows a refusal mark and its reason, never a (broken) thumbnail.
      expect(await page.locator('.file-item.file-failed img').count()).toBe(0);
      expect(await page.locator('.file-item.file-failed .file-icon-refused').count()).toBe(2);
      // Next does not silently drop them: it names them and stays on the step until they are removed.
      await pressNext(page);
      await page.waitForSelector('.error-summary[role=alert]');
      expect(await page.locator('.error-summary').textContent()).toContain(
        '2 files were not attached: drawing.svg, renamed.png.',
      );
      expect(await page.locator('#step-title').textContent()).toBe('Files');
      // The native input is unseen ("No file chosen" never shows) but keeps its label.
      const box = await page.locator('#q-fileIds').boundingBox();
      expect(box?.width ?? 0).toBeLessThanOrEqual(1);
      expect(await page.getByLabel('Choose files').count()).toBe(1);
      for (let i = 0; i < 2; i += 1) await page.locator('.file-item.file-failed .file-remove').first().click();

      // A screenshot pasted from the clipboard and a file dropped on the zone both upload.
      await page.evaluate(async () => {
        const canvas = document.createElement('canvas');
        canvas.width = 40;
        canvas.height = 30;
        const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
        if (!blob) throw new Error('no canvas blob');
        const pasted = new DataTransfer();
        pasted.items.add(new File([blob], 'image.png', { type: 'image/png' }));
        window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: pasted, bubbles: true }));
        const dropped = new DataTransfer();
        dropped.items.add(new File([blob], 'dropped-sketch.png', { type: 'image/png' }));
        document
          .querySelector('.dropzone')
          ?.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
      });
      await page.waitForFunction(() => document.querySelectorAll('.file-item.file-done').length === 2, undefined, {
        timeout: 15_000,
      });
      const done = await page.locator('.file-item.file-done .file-name').allTextContents();
      expect(done.some((name) => /^pasted-\d{8}-\d{6}\.png/.test(name))).toBe(true);
      expect(done.some((name) => name.startsWith('dropped-sketch.png'))).toBe(true);

      // Remove takes a file off the list and keeps focus on the step.
      await tabTo(page, '.file-item.file-done .file-remove');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelectorAll('.file-item.file-done').length === 1);
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('q-fileIds');
      await context.close();
    },
    SLOW.timeout,
  );

  it(
    'a draft restored at a step still loading keeps Next off until that step’s fields are on screen',
    async () => {
      const { context, page, errors } = await newPage(PHONE);
      // The later field steps load on demand: hold their module until the form has restored the draft.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/_astro/step-fields.*.js', async (route) => {
        await held;
        await route.continue();
      });
      await loadWithDraft(page, 'technical');
      await page.getByText('Loading this step…').waitFor();
      expect(await page.locator('#step-title').textContent()).toBe('Technical contact');
      expect(await page.locator('button[type=submit]').isDisabled()).toBe(true);
      expect(await page.evaluate(() => performance.getEntriesByName('quote-form-ready').length)).toBe(0);

      release();
      await page.locator('#q-technicalContact-email').waitFor();
      await expect.poll(() => page.locator('button[type=submit]').isEnabled()).toBe(true);
      expect(await page.evaluate(() => performance.getEntriesByName('quote-form-ready').length)).toBe(1);
      expect(errors).toEqual([]);
      await context.close();
    },
    SLOW.timeout,
  );

  it(
    'an address without a proper domain is told so; no step is taller than two screens at 1280×800',
    async () => {
      let { context, page } = await newPage({ name: 'desktop 800', width: 1280, height: 800 });
      await openWithDraft(page, 'part');
      const height = await page.evaluate(
        () => document.querySelector('.quote-form')?.getBoundingClientRect().bottom ?? 0,
      );
      expect(height).toBeLessThanOrEqual(1600);
      await context.close();
      ({ context, page } = await newPage(DESKTOP));
      await openWithDraft(page, 'technical');
      await typeInto(page, 'q-technicalContact-email', 'ada@acme');
      await pressNext(page);
      await page.waitForSelector('#q-technicalContact-email-error');
      expect(await page.locator('#q-technicalContact-email-error').textContent()).toContain(
        'Enter the full address, e.g. ada@acme.com.',
      );
      await page.fill('#q-technicalContact-email', '');
      await pressNext(page);
      await page.waitForFunction(() =>
        document.querySelector('#q-technicalContact-email-error')?.textContent?.includes('it is required'),
      );
      await context.close();
    },
    SLOW.timeout,
  );

  it(
    'a 422 from the server lands on the input it names, on its step',
    async () => {
      const { context, page } = await newPage(DESKTOP);
      await page.route('**/api/requests', (route) =>
        route.fulfill({
          status: 422,
          contentType: 'application/json',
          body: JSON.stringify({
            error: {
              code: 'VALIDATION',
              message: 'Some fields need your attention.',
              fields: { 'technicalContact.email': 'This address bounced; enter another one.' },
            },
          }),
        }),
      );
      await fillToReview(
        page,
        { mode: 'production', viewport: DESKTOP, axe: false, sameContact: false, upload: false },
        'x422',
      );
      await tabTo(page, 'button[type=submit]');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('#step-title')?.textContent === 'Technical contact');
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('q-technicalContact-email');
      expect(await page.getAttribute('#q-technicalContact-email', 'aria-invalid')).toBe('true');
      expect(await page.locator('#q-technicalContact-email-error').textContent()).toContain(
        'This address bounced; enter another one.',
      );
      // Fixing it and going straight back to the review, then sending for real, succeeds.
      await page.unroute('**/api/requests');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('ada.fixed@acme.test');
      await tabTo(page, 'button[type=submit]');
      expect(await page.locator('button[type=submit]').textContent()).toBe('Save and return to review');
      await page.keyboard.press('Enter');
      await expectStep(page, 'Step 6 of 6', 'Review and send');
      expect(await page.locator('.quote-form').textContent()).toContain('ada.fixed@acme.test');
      await submitTwice(page, false);
      await context.close();
    },
    SLOW.timeout,
  );
});
