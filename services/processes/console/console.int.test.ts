/**
 * The console as a person sees it: the real process (startConsole) on a database of the
 * test's own on the stack's PostgreSQL, with the stack's Temporal, in Debian's chromium
 * driven by playwright-core. The welcome journey's last weeks are seeded (a 10% holdout, an
 * A/B test of its second email, skips, clicks, orders); the pages are checked for what they
 * show: headings, figures, verdicts, and charts whose canvases hold drawn pixels, with no
 * error in the browser's console (a Content-Security-Policy violation would be one).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../platform/config.ts';
import { completeMessage, recordMessage } from '../../platform/db/message-ledger.ts';
import { createDb, type Db } from '../../platform/db/pool.ts';
import { createLogger } from '../../platform/logger.ts';
import { createShopper, customerEvent, project, uniqueId } from '../../../test/support/fixtures.ts';
import { seedJourney, type SeededCustomer } from '../../../test/support/journey-analytics.ts';
import { createScratchDatabase } from '../../../test/support/scratch-database.ts';
import { journeyRegistry } from '../../../workflows/registry.ts';
import { startConsole, type RunningConsole } from './console.ts';

const TOKEN = `console-${uniqueId('token')}`;
const SEEDED = 800;
const prefix = uniqueId('console');
const hostileId = `${prefix}-<img src=x onerror="document.title='pwned'">`;

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let db: Db;
let consoleProcess: RunningConsole;
let browser: Browser;
let seeded: SeededCustomer[];
let webUiUrl: string;

before(async () => {
  scratch = await createScratchDatabase(loadConfig().databaseUrl, 'console');
  const config = loadConfig({ ...process.env, DATABASE_URL: scratch.url, CONSOLE_TOKEN: TOKEN, LOG_LEVEL: 'warn' });
  webUiUrl = config.temporal.webUiUrl;
  consoleProcess = await startConsole(config, createLogger('warn'), { port: 0 });
  db = createDb(scratch.url);
  seeded = await seedJourney(db, {
    journeyId: 'welcome',
    prefix,
    customers: SEEDED,
    days: 28,
    holdoutShare: 0.1,
    experiment: { id: 'welcome-2-content', variants: ['brand-story', 'bestsellers'] },
    steps: [
      { step: 'welcome-1', channel: 'email', afterDays: 0.01 },
      { step: 'welcome-2', channel: 'email', afterDays: 2 },
      { step: 'welcome-3', channel: 'email', afterDays: 5 },
    ],
    conversion: { treated: 0.14, holdout: 0.07, variants: { bestsellers: 1.2 } },
    skips: { 'no-consent': 0.08, 'frequency-capped': 0.03 },
    clickRate: 0.2,
    averageOrder: 48,
    seed: 15,
  });
  // One of them as the shop knows them: a profile, consent, and the messages the ledger has.
  const featured = seeded.find((customer) => customer.sent.length >= 2)!;
  await createShopper(db, { customerId: featured.customerId, consent: true });
  for (const send of featured.sent) {
    const idempotencyKey = `${featured.workflowId}/${send.step}`;
    const entry = { idempotencyKey, customerId: featured.customerId, journeyId: 'welcome', workflowId: featured.workflowId };
    await recordMessage(
      db,
      { ...entry, step: send.step, channel: send.channel, purpose: 'marketing' },
      { status: 'sending', sentAt: send.at },
    );
    await completeMessage(db, idempotencyKey, { status: 'sent', providerMessageId: `${send.step}-1` });
  }
  await project(db, customerEvent(hostileId, 'Identify', { firstName: 'Eve', timezone: 'Europe/Paris' }));
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
});

after(async () => {
  await browser?.close();
  await consoleProcess?.stop();
  await db?.end();
  await scratch?.drop();
});

/** A signed-in page that records every error the browser reports. */
async function signedIn(viewport = { width: 1280, height: 900 }): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
  });
  page.on('dialog', (dialog) => {
    errors.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  const response = await page.goto(`${consoleProcess.url}/?token=${TOKEN}`);
  assert.equal(response?.status(), 200);
  assert.equal(page.url(), `${consoleProcess.url}/`, 'the token leaves the address');
  return { page, errors };
}

/** What the test reads of a canvas (the project's types have no DOM). */
interface Canvas {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, width: number, height: number): { data: ArrayLike<number> } };
}

/** Of a canvas's pixels: the share drawn on, drawn half-transparent (an interval's fill), and in the treated/sent blue. */
const pixels = (page: Page, chart: string) =>
  page.locator(`canvas[data-chart="${chart}"]`).evaluate((element) => {
    const canvas = element as unknown as Canvas;
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let drawn = 0;
    let translucent = 0;
    let blue = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b, alpha] = [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
      if (alpha > 0) drawn += 1;
      if (alpha > 40 && alpha < 140) translucent += 1;
      // The treated/sent blue, #2563eb.
      if (alpha > 200 && Math.abs(r - 37) < 12 && Math.abs(g - 99) < 12 && Math.abs(b - 235) < 12) blue += 1;
    }
    const total = canvas.width * canvas.height;
    return { width: canvas.width, drawn: drawn / total, translucent: translucent / total, blue: blue / total };
  });

describe('the console in a browser', () => {
  it('signs in with the token link and shows every journey: its state, who is in it now, its last 30 days', async () => {
    const { page, errors } = await signedIn();
    await assert.doesNotReject(page.getByRole('heading', { name: 'Journeys', level: 1 }).waitFor());
    const welcome = page.locator('article[data-journey="welcome"]');
    await welcome.waitFor();
    assert.equal(await welcome.locator('[data-state]').textContent(), 'active');
    const figures = (await welcome.locator('.figures').innerText()).replace(/\s+/g, ' ');
    assert.match(figures, new RegExp(`ENTERED ${SEEDED.toLocaleString('en')}`, 'i'), figures);
    assert.match(await welcome.locator('.verdict').innerText(), /treated customers|Too early|No difference|works|hurts/);
    // Every journey is there (those without entries in a table), each with a link to its page.
    assert.equal(await page.locator('main a[href^="/journeys/"]').count(), journeyRegistry.length);
    // Customers per step, each step a link into the Temporal Web UI (the stack's running journeys).
    const stepLinks = await page
      .locator('main .chips a')
      .evaluateAll((links) => links.map((link) => (link as unknown as { getAttribute(name: string): string | null }).getAttribute('href')));
    for (const href of stepLinks) assert.match(href ?? '', new RegExp(`^${webUiUrl}/namespaces/.+/workflows\\?query=JourneyName`));
    await welcome.getByRole('link', { name: 'welcome', exact: true }).click();
    await page.waitForURL(/\/journeys\/welcome$/);
    assert.deepEqual(errors, []);
  });

  it("draws the welcome journey's funnel, lift intervals, A/B readout, daily conversions and steps, with its verdicts", async () => {
    const { page, errors } = await signedIn();
    await page.goto(`${consoleProcess.url}/journeys/welcome?window=30d`);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'welcome');

    const funnel = await pixels(page, 'funnel');
    assert.ok(funnel.width > 800, `the funnel spans the page (${funnel.width}px)`);
    assert.ok(funnel.blue > 0.02, `the funnel's step bars are drawn: ${JSON.stringify(funnel)}`);
    for (const chart of ['lift-conversion', 'lift-revenue', 'ab-conversion']) {
      const interval = await pixels(page, chart);
      assert.ok(interval.translucent > 0.01, `${chart}: an interval bar is drawn: ${JSON.stringify(interval)}`);
    }
    for (const chart of ['daily', 'steps']) {
      const drawn = await pixels(page, chart);
      assert.ok(drawn.drawn > 0.02, `${chart} is drawn: ${JSON.stringify(drawn)}`);
    }

    const verdict = page.locator('[data-verdict="conversion"]');
    assert.ok(await verdict.isVisible());
    assert.match(await verdict.innerText(), /treated customers|Too early|No difference|works|hurts/);
    assert.match(await page.locator('#lift table').innerText(), /treated[\s\S]*holdout/);
    const variants = await page.locator('table[data-table="variants"]').innerText();
    assert.match(variants, /brand-story/);
    assert.match(variants, /bestsellers/);
    assert.match(await page.locator('#ab').innerText(), /bestsellers against brand-story/);
    assert.match(await page.locator('#steps table').innerText(), /no-consent/);
    assert.match(await page.locator('#exits').innerText(), /converted/);

    await page.getByRole('link', { name: '7 days' }).click();
    await page.waitForURL(/window=7d/);
    assert.equal(await page.locator('.window a[aria-current="true"]').textContent(), '7 days');
    assert.match(await page.locator('.lede').first().innerText(), /\(7 days\)/);
    assert.deepEqual(errors, []);
  });

  it("shows a seeded customer's profile, entries and messages, found with the search box", async () => {
    const { page, errors } = await signedIn();
    const featured = seeded.find((customer) => customer.sent.length >= 2)!;
    await page.getByLabel('Customer id').fill(featured.customerId);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/customers/${featured.customerId}$`));
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), featured.customerId);
    assert.match(await page.locator('.card', { hasText: 'Profile' }).first().innerText(), new RegExp(`${featured.customerId}@example.com`));
    assert.match(await page.locator('#journeys').innerText(), new RegExp(`welcome[\\s\\S]*${featured.arm}`));
    const messages = await page.locator('table[data-table="messages"] tbody tr').allInnerTexts();
    assert.equal(messages.length, featured.sent.length);
    assert.match(messages.join('\n'), /welcome-1[\s\S]*sent/);
    assert.match(await page.locator('.card', { hasText: 'Loyalty' }).innerText(), /email marketing\s*granted/);
    assert.deepEqual(errors, []);
  });

  it('shows a customer id with markup in it as text', async () => {
    const { page, errors } = await signedIn();
    await page.goto(`${consoleProcess.url}/customers/${encodeURIComponent(hostileId)}`);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), hostileId);
    assert.equal(await page.locator('main img').count(), 0);
    assert.notEqual(await page.title(), 'pwned');
    assert.deepEqual(errors, []);
  });

  it('fits a phone: no page scrolls sideways, and the charts shrink to the screen', async () => {
    const { page, errors } = await signedIn({ width: 390, height: 844 });
    for (const path of ['/', '/journeys/welcome']) {
      await page.goto(`${consoleProcess.url}${path}`);
      const overflow = await page.evaluate(() => {
        const { document, innerWidth } = globalThis as unknown as {
          document: { documentElement: { scrollWidth: number } };
          innerWidth: number;
        };
        return document.documentElement.scrollWidth - innerWidth;
      });
      assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px`);
    }
    const funnel = await pixels(page, 'funnel');
    assert.ok(funnel.width < 390 * 2 && funnel.blue > 0.01, JSON.stringify(funnel));
    assert.deepEqual(errors, []);
  });

  it('answers an unknown journey with a page saying so', async () => {
    const { page } = await signedIn();
    const response = await page.goto(`${consoleProcess.url}/journeys/no-such-journey`);
    assert.equal(response?.status(), 404);
    assert.match(await page.locator('main').innerText(), /There is no journey no-such-journey/);
  });
});
