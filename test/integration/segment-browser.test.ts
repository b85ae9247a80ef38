/**
 * Segment's browser library (analytics-next, as a shop's pages load it) in a real browser:
 * Debian's chromium driven by playwright-core. The page comes from the shop's origin (CORS
 * allows it); the library posts to the short paths with the write key in the body, as it
 * does for Segment. Its settings, which it would fetch from Segment's CDN, come from a
 * local server that points it at our ingest API.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { loadConfig } from '../../services/platform/config.ts';
import { createDb, type Db } from '../../services/platform/db/pool.ts';
import { createLogger } from '../../services/platform/logger.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { startProduct, type RunningProduct } from '../../services/processes/composition-root.ts';
import { uniqueId } from '../support/fixtures.ts';

const INGEST_PORT = 18088;
const SHOP_PORT = 18089;
const SHOP_ORIGIN = `http://127.0.0.1:${SHOP_PORT}`;
const WRITE_KEY = 'dev-write-key';
const bundles = fileURLToPath(new URL('../../node_modules/@segment/analytics-next/dist/umd/', import.meta.url));

const config = loadConfig({
  ...process.env,
  INGEST_PORT: String(INGEST_PORT),
  METRICS_PORT: '0',
  LOG_LEVEL: 'warn',
  INGEST_CORS_ORIGINS: SHOP_ORIGIN,
});
let product: RunningProduct;
let db: Db;
let shop: Server;
let browser: Browser;

/** The shop's page, its copy of analytics-next, and the settings Segment's CDN would serve. */
function shopServer(): Server {
  const settings = { integrations: { 'Segment.io': { apiKey: WRITE_KEY, apiHost: `127.0.0.1:${INGEST_PORT}/v1`, protocol: 'http' } } };
  return createServer((request, response) => {
    void (async () => {
      const path = request.url?.split('?')[0] ?? '/';
      if (path === '/') {
        response
          .writeHead(200, { 'content-type': 'text/html' })
          .end(
            '<!doctype html><html><head><script src="/analytics-next/bundles/index.js"></script></head><body><h1>Shop</h1></body></html>',
          );
      } else if (path === `/v1/projects/${WRITE_KEY}/settings`) {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(settings));
      } else if (path.startsWith('/analytics-next/bundles/') && /^[\w.-]+\.js$/.test(path.slice('/analytics-next/bundles/'.length))) {
        response
          .writeHead(200, { 'content-type': 'text/javascript' })
          .end(await readFile(bundles + path.slice('/analytics-next/bundles/'.length)));
      } else {
        response.writeHead(404).end();
      }
    })();
  });
}

before(async () => {
  product = await startProduct(config, createLogger('warn'), ['ingest', 'projector']);
  db = createDb(config.databaseUrl);
  shop = shopServer();
  await new Promise<void>((resolve) => shop.listen(SHOP_PORT, '127.0.0.1', resolve));
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => shop?.close(resolve));
  await db?.end();
  await product?.stop();
});

describe("Segment's browser library", () => {
  it('delivers track, identify and page calls from a page of the shop, and joins the visitor to the customer who logs in', async () => {
    const customerId = uniqueId('browser');
    const page = await browser.newPage();
    await page.goto(`${SHOP_ORIGIN}/`);
    const anonymousId = await page.evaluate(
      async ({ writeKey, cdnURL, userId }) => {
        type Analytics = {
          identify(id: string, traits: object): Promise<unknown>;
          track(event: string, properties: object): Promise<unknown>;
          page(name: string): Promise<unknown>;
          user(): Promise<{ anonymousId(): string }>;
        };
        const next = (globalThis as unknown as { AnalyticsNext: { AnalyticsBrowser: { load(settings: object): Analytics } } })
          .AnalyticsNext;
        const analytics = next.AnalyticsBrowser.load({ writeKey, cdnURL });
        // A visitor looks at a product, then logs in.
        await analytics.track('Product Viewed', { product_id: 'p-1', price: 19.9, currency: 'EUR' });
        await analytics.identify(userId, { email: `${userId}@example.com` });
        await analytics.page('Product');
        return (await analytics.user()).anonymousId();
      },
      { writeKey: WRITE_KEY, cdnURL: SHOP_ORIGIN, userId: customerId },
    );
    const visitor = `anonymous:${anonymousId}`;
    const stored = await waitFor(
      async () => {
        const { rows } = await db.query<{ customer_id: string; type: string; source: string }>(
          'select customer_id, type, source from events where customer_id = any($1) order by type',
          [[customerId, visitor]],
        );
        return rows.length === 4 ? rows : undefined;
      },
      { timeoutMs: 30_000, what: 'the three calls and the merge in the event store' },
    );
    assert.deepEqual(stored, [
      { customer_id: customerId, type: 'Identify', source: 'segment-http' },
      { customer_id: customerId, type: 'Identities Merged', source: 'segment-http' },
      { customer_id: customerId, type: 'Page Viewed', source: 'segment-http' },
      { customer_id: visitor, type: 'Product Viewed', source: 'segment-http' },
    ]);
    const { rows } = await db.query('select payload from events where customer_id = $1 and type = $2', [visitor, 'Product Viewed']);
    assert.deepEqual((rows[0] as { payload: { price: unknown } }).payload.price, { amount: 1990, currency: 'EUR' });
    const merged = await waitFor(
      async () =>
        (await db.query<{ customer_id: string }>('select customer_id from customer_identities where merged_id = $1', [visitor])).rows[0],
      { timeoutMs: 30_000, what: 'the merge projected' },
    );
    assert.deepEqual(merged, { customer_id: customerId });
  });
});
