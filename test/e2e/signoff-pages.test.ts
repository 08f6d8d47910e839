/**
 * The technical sign-off on the status and release pages in a real Chromium, at 1280 and 390 px
 * (architecture §1, invariant 7): after the approval both pages name the covered 3D file with its
 * short hash; after a changed STL arrives through the technical link both say the review is open
 * again and why, and which file arrived. Nothing overflows; axe stays clean.
 */
import { createHash } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeScan, browserAvailable, collectPageErrors, expectFits, launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { binaryStl, upload, validRequest } from '../support/intake.js';
import { postWithToken, review } from '../support/review.js';
import { accept, issueQuoteWithLink, type IssuedQuote } from '../support/release.js';

const SLOW = 120_000;

let server: TestServer;
let browser: Browser;
let request: IssuedQuote;

const shortHash = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex').slice(0, 8);
// Tiny hand-built binary STLs: only their bytes matter here, not what the geometry core measures.
const bracket = binaryStl(1);
const bracketV2 = binaryStl(2);

/** A link from the outbox or a reply, pointed at this test server. */
function onServer(link: string): string {
  const url = new URL(link);
  return `${server.url}${url.pathname}${url.search}${url.hash}`;
}

async function openAt(width: number, url: string, ready: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    ...(width < 500 ? { isMobile: true, hasTouch: true } : {}),
  });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(url);
  await page.waitForSelector(ready);
  return {
    page,
    close: async () => {
      expect(errors).toEqual([]);
      await context.close();
    },
  };
}

/** With SCREENSHOT_DIR set, keeps a screenshot of the page for a person to look at. */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

async function expectSignOff(
  url: string,
  ready: string,
  name: string,
  expected: { text: RegExp; hashes: string[] },
): Promise<void> {
  for (const width of [1280, 390]) {
    const { page, close } = await openAt(width, url, ready);
    const signOff = page.locator('.sign-off');
    await signOff.waitFor();
    expect(await signOff.textContent()).toMatch(expected.text);
    expect(await signOff.locator('code').allTextContents()).toEqual(expected.hashes);
    await expectFits(page, width);
    expect(await axeScan(page), `${name} at ${width}`).toEqual([]);
    await shot(page, `${name}-${width}`);
    const dir = process.env.SCREENSHOT_DIR;
    if (dir) await signOff.locator('xpath=..').screenshot({ path: `${dir}/${name}-${width}-detail.png` });
    await close();
  }
}

describe.skipIf(!browserAvailable)('the technical sign-off on the status and release pages', () => {
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    const sent = await upload(server.url, { name: 'bracket.stl', bytes: bracket });
    expect(sent.status).toBe(201);
    request = await issueQuoteWithLink(server, { request: { ...validRequest(), fileIds: [sent.body.id] } });
    const approved = await postWithToken(
      server.url,
      `/api/requests/${request.id}/technical-review`,
      review(),
      request.reviewToken,
    );
    expect(approved.status).toBe(201);
  }, SLOW);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it(
    'after the approval both pages name the covered file with its short hash',
    async () => {
      const expected = {
        text: /Technical sign-off: The technical contact approved on .+bracket\.stl/,
        hashes: [shortHash(bracket)],
      };
      await expectSignOff(onServer(request.statusUrl), '.lane-steps', 'signoff-status-current', expected);
      await expectSignOff(onServer(request.releaseUrl), '.release-technical', 'signoff-release-current', expected);
    },
    SLOW,
  );

  it(
    'after a changed STL both pages say the review is open again, why, and which file arrived',
    async () => {
      expect((await accept(server, request.revisionId, request.releaseToken)).status).toBe(201);
      const changed = await upload(
        server.url,
        { name: 'bracket.stl', bytes: bracketV2 },
        { authorization: `Bearer ${request.reviewToken}` },
      );
      expect(changed.status).toBe(201);
      const expected = {
        text: /Technical sign-off open again: A new version of bracket\.stl arrived after the technical contact approved on .+; the review is open again\./,
        hashes: [shortHash(bracketV2)],
      };
      await expectSignOff(onServer(request.statusUrl), '.lane-steps', 'signoff-status-reopened', expected);
      await expectSignOff(onServer(request.releaseUrl), '.release-technical', 'signoff-release-reopened', expected);
    },
    SLOW,
  );
});
