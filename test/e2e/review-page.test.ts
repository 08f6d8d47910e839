/**
 * The technical review page in a real Chromium, as a new technical contact would use it: open the
 * link from the outbox, look at the files, answer the checklist, upload a markup (progress bar
 * visible), decide; then the status page shows the decision in the technical lane only.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueLink, revokeLinks } from '../../src/server/links/index.js';
import { axeScan, browserAvailable, collectPageErrors, launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { pngBytes, upload } from '../support/intake.js';
import { createRequestWithLinks, outbox, type CreatedRequest } from '../support/review.js';
import { staffOf } from '../support/release.js';

// Generous per-test limits: a browser flow on a shared 2-core machine can be slow; nothing here asserts speed.
const FLOW_TIMEOUT = 300_000;

describe.skipIf(!browserAvailable)('review page in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function requestWithPhoto(): Promise<CreatedRequest> {
    const photo = await upload(server.url, {
      name: 'old-clip.png',
      bytes: await pngBytes(320, 240),
      type: 'image/png',
    });
    return createRequestWithLinks(server, { fileIds: [photo.body.id] });
  }

  async function openReview(page: Page, link: string, reference: string): Promise<void> {
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: new RegExp(reference) }).waitFor();
  }

  it(
    'a new technical contact reviews, uploads a markup with progress, decides; status shows it in the technical lane only',
    async () => {
      const request = await requestWithPhoto();
      // The link exactly as the person gets it: from the mail in the outbox.
      const mail = (await outbox(server)).find(
        (m) => m.to === 'tina@acme.example' && m.subject.includes(request.reference),
      )!;
      const link = mail.links.find((l) => l.includes('/review/'))!;

      const page = await (await browser.newContext()).newPage();
      const errors = collectPageErrors(page);
      await openReview(page, link, request.reference);
      expect(page.url()).not.toContain('token=');
      await expect(page.getByText('technical feedback, not an order release', { exact: false }).count()).resolves.toBe(
        1,
      );
      await expect(page.getByText(/released only by Paul Purchase, Buyer, Acme Pumps GmbH/).count()).resolves.toBe(1);
      expect(await axeScan(page)).toEqual([]);

      // Full-size viewer: keyboard opens it, Escape closes it, focus returns to the thumbnail.
      const thumb = page.getByRole('button', { name: /View old-clip\.png/ });
      await thumb.focus();
      await page.keyboard.press('Enter');
      const viewer = page.getByRole('dialog', { name: 'old-clip.png' });
      await viewer.waitFor();
      await viewer.getByRole('img', { name: /old-clip\.png, full size/ }).waitFor();
      expect(await axeScan(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await viewer.waitFor({ state: 'hidden' });
      expect(await thumb.evaluate((element) => element === document.activeElement)).toBe(true);

      // Sending nothing first: the error summary takes focus and names each question.
      await page.getByRole('button', { name: 'Send my decision' }).click();
      const summary = page.getByRole('alert').filter({ hasText: 'Before you decide' });
      await summary.waitFor();
      expect(await summary.evaluate((element) => element === document.activeElement)).toBe(true);
      expect(await summary.getByRole('link').count()).toBeGreaterThanOrEqual(5);

      const answer = async (question: string, label: string) =>
        page.getByRole('group', { name: question }).getByLabel(label, { exact: true }).check();
      await answer('Does the part concept solve the actual problem?', 'Yes');
      await answer('Do the screenshots or dimensions point at the right version?', 'Yes');
      await answer('Does the material fit the environment?', 'Not sure');
      await answer('Is a sample needed before quantity production?', 'No');
      await page.getByRole('group', { name: 'Which unknowns remain?' }).getByLabel('Heat').check();

      // The form comes first and is prefilled from the request (its conditions become unknowns to check).
      const order = await page.evaluate(() => {
        const form = document.querySelector('#review-form-title')?.getBoundingClientRect().top ?? 0;
        const facts = document.querySelector('#part-title')?.getBoundingClientRect().top ?? 0;
        return { form, facts };
      });
      expect(order.form).toBeLessThan(order.facts + 1);
      // Uploads are one click away; the native "No file chosen" text never shows.
      await page.getByRole('button', { name: /Add screenshots or markups/ }).click();
      expect((await page.locator('#review-fileIds').boundingBox())?.width ?? 0).toBeLessThanOrEqual(1);

      // Hold the upload so the progress bar is seen while it runs, as on a slow connection.
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/api/uploads', async (route) => {
        await gate;
        await route.continue();
      });
      await page
        .getByLabel(/Screenshots or markups/)
        .setInputFiles({ name: 'markup.png', mimeType: 'image/png', buffer: await pngBytes(200, 100) });
      const progress = page.getByRole('progressbar', { name: 'Upload of markup.png' });
      await progress.waitFor();
      expect(await progress.isVisible()).toBe(true);
      await page.getByText('Uploading…').waitFor();
      release();
      await page.getByText('Uploaded', { exact: true }).waitFor();
      await page.unroute('**/api/uploads');

      await page
        .getByRole('group', { name: 'What should the shop do?' })
        .getByLabel(/^Direction confirmed/)
        .check();
      await page.getByLabel(/Notes for the shop/).fill('Right part. Keep the 4 mm wall near the heater.');
      await page.getByRole('button', { name: 'Send my decision' }).click();
      const confirmation = page.getByRole('status').filter({ hasText: 'Decision recorded' });
      await confirmation.waitFor();
      expect(await confirmation.textContent()).toMatch(/Direction confirmed.*order is not released/s);
      // The receipt replaces the form: what was recorded, what happens next, that it is not an order.
      expect(await page.getByRole('button', { name: 'Send my decision' }).count()).toBe(0);
      const receipt = (await confirmation.textContent()) ?? '';
      expect(receipt).toContain('What was recorded');
      expect(receipt).toContain('What happens next');
      expect(receipt).toContain('This is not an order');
      expect(receipt).toContain('The shop prepares the quote');
      await page.getByText('Applies now').waitFor();
      await page.getByRole('button', { name: /View markup\.png/ }).waitFor();
      expect(await axeScan(page)).toEqual([]);
      expect(errors).toEqual([]);

      // The status page: the decision shows in the technical lane, never in the commercial one.
      const status = await (await browser.newContext()).newPage();
      await status.goto(request.statusUrl);
      await status.getByRole('heading', { level: 1, name: new RegExp(request.reference) }).waitFor();
      const lane = (id: string) => status.locator('section.lane', { has: status.locator(`#${id}`) });
      const technicalText = (await lane('lane-technical').textContent()) ?? '';
      const commercialText = (await lane('lane-commercial').textContent()) ?? '';
      expect(technicalText).toContain('Direction confirmed');
      expect(commercialText).not.toMatch(/direction confirmed|released/i);
      await status.context().close();
      await page.context().close();

      expect(server.runtime.emulator?.requestLog).toEqual([]);
    },
    FLOW_TIMEOUT,
  );

  it(
    'after a shipped sample the same link shows the first-article step; accepting it is technical only',
    async () => {
      const request = await requestWithPhoto();
      const page = await (await browser.newContext()).newPage();
      await openReview(page, request.reviewUrl, request.reference);
      const staff = await staffOf(server);
      const shipped = await staff.call('POST', `/api/shop/requests/${request.id}/sample-shipped`, {
        trackingReference: 'T-1',
      });
      expect(shipped.status).toBe(201);
      await page.reload();
      await page.getByRole('heading', { name: 'Your verdict on the sample' }).waitFor();
      expect(await axeScan(page)).toEqual([]);
      await page.getByRole('group', { name: 'What did you check on the sample?' }).getByLabel('Fit').check();
      await page.getByLabel('Accept the first article').check();
      await page.getByRole('button', { name: 'Send my verdict' }).click();
      const confirmation = page.getByRole('status').filter({ hasText: 'Decision recorded' });
      await confirmation.waitFor();
      expect(await confirmation.textContent()).toContain('First article accepted');
      await page.context().close();
      expect(server.runtime.emulator?.requestLog).toEqual([]);
    },
    FLOW_TIMEOUT,
  );

  it.each([
    ['revoked', 'This review link was replaced by a newer one'],
    ['expired', 'This review link has expired'],
  ])(
    'a %s link gets a page that explains how to get a fresh one',
    async (kind, title) => {
      const request = await createRequestWithLinks(server);
      let link = request.reviewUrl;
      if (kind === 'revoked') {
        await revokeLinks({ requestId: request.id, purpose: 'technical' });
      } else {
        const old = await issueLink({
          purpose: 'technical',
          recipientEmail: 'tina@acme.example',
          requestId: request.id,
          params: { id: request.id },
          now: new Date(Date.now() - 61 * 24 * 60 * 60 * 1000),
        });
        link = old.url;
      }
      const page = await (await browser.newContext()).newPage();
      await page.goto(link.replace(/^https?:\/\/[^/]+/, server.url));
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      expect(await page.getByRole('alert').textContent()).toMatch(/fresh link/);
      expect(await axeScan(page)).toEqual([]);
      await page.context().close();
    },
    FLOW_TIMEOUT,
  );

  it.each([
    ['1280', 1280, 800],
    ['390', 390, 844],
  ])(
    'at %s px: decision first, nothing wider than the viewport, axe clean before and after deciding',
    async (_name, width, height) => {
      const request = await requestWithPhoto();
      const page = await (await browser.newContext({ viewport: { width, height } })).newPage();
      await openReview(page, request.reviewUrl, request.reference);
      const tooWide = () =>
        page.evaluate((w) => {
          return Array.from(document.querySelectorAll('body *'))
            .filter((element) => {
              const box = element.getBoundingClientRect();
              return box.width > 0 && box.right > w + 0.5 && !element.closest('.visually-hidden');
            })
            .map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
        }, width);
      expect(await tooWide()).toEqual([]);
      expect(await axeScan(page)).toEqual([]);
      const answer = async (question: string, label: string) =>
        page.getByRole('group', { name: question }).getByLabel(label, { exact: true }).check();
      await answer('Does the part concept solve the actual problem?', 'Yes');
      await answer('Do the screenshots or dimensions point at the right version?', 'Yes');
      await answer('Does the material fit the environment?', 'Yes');
      await answer('Is a sample needed before quantity production?', 'No');
      await page
        .getByRole('group', { name: 'What should the shop do?' })
        .getByLabel(/^Direction confirmed/)
        .check();
      // A refused markup blocks sending until it is removed, naming it.
      await page.getByRole('button', { name: /Add screenshots or markups/ }).click();
      await page
        .locator('#review-fileIds')
        .setInputFiles({ name: 'sketch.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg/>') });
      await page.locator('.file-item.file-failed').waitFor();
      expect(await page.locator('.file-item.file-failed img').count()).toBe(0);
      await page.getByRole('button', { name: 'Send my decision' }).click();
      await page.getByRole('alert').filter({ hasText: '1 file was not attached: sketch.svg.' }).waitFor();
      await page.locator('.file-item.file-failed .file-remove').click();
      await page.getByRole('button', { name: 'Send my decision' }).click();
      await page.getByRole('status').filter({ hasText: 'Decision recorded' }).waitFor();
      expect(await tooWide()).toEqual([]);
      expect(await axeScan(page)).toEqual([]);
      // Changing the decision is one click away, and the form comes back prefilled with it.
      await page.getByRole('button', { name: 'Change this decision' }).click();
      await page.getByRole('heading', { name: 'Change your technical decision' }).waitFor();
      expect(await page.getByLabel(/^Direction confirmed/).isChecked()).toBe(true);
      await page.context().close();
    },
    FLOW_TIMEOUT,
  );

  it(
    'a status link opened on the review page cannot decide',
    async () => {
      const request = await createRequestWithLinks(server);
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${server.url}/review/?id=${request.id}#token=${request.statusToken}`);
      await page.getByRole('heading', { level: 1, name: 'This link cannot record a technical review' }).waitFor();
      expect(await page.getByRole('button', { name: /Send my decision/ }).count()).toBe(0);
      await page.context().close();
    },
    FLOW_TIMEOUT,
  );
});
