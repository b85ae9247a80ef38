/**
 * What Segment's and RudderStack's SDKs send beyond track and identify, on the real Kafka
 * and PostgreSQL: screen and group calls (from @segment/analytics-node, unchanged), the
 * time an SDK queued an event corrected for the device's clock, the browser library's
 * short paths with the write key in the body, and CORS for the shop's own pages only.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Analytics } from '@segment/analytics-node';
import { loadConfig } from '../../services/platform/config.ts';
import { createDb, type Db } from '../../services/platform/db/pool.ts';
import { createLogger } from '../../services/platform/logger.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { startProduct, type RunningProduct } from '../../services/processes/composition-root.ts';
import { uniqueId } from '../support/fixtures.ts';
import { waitForProjected } from '../support/pipeline.ts';

const SHOP_ORIGIN = 'https://shop.example';
const config = loadConfig({ ...process.env, INGEST_PORT: '18083', METRICS_PORT: '0', LOG_LEVEL: 'warn', INGEST_CORS_ORIGINS: SHOP_ORIGIN });
const logger = createLogger('warn');
let product: RunningProduct;
let db: Db;

before(async () => {
  product = await startProduct(config, logger, ['ingest', 'projector']);
  db = createDb(config.databaseUrl);
});

after(async () => {
  await db?.end();
  await product?.stop();
});

const eventsOf = async (customerId: string) =>
  (
    await db.query<{ type: string; payload: Record<string, unknown> }>(
      'select type, payload from events where customer_id = $1 order by type',
      [customerId],
    )
  ).rows;

describe('Segment compatibility', () => {
  it("stores @segment/analytics-node's screen and group calls; group traits become the customer's account traits", async () => {
    const customerId = uniqueId('mobile');
    const analytics = new Analytics({ writeKey: 'dev-write-key', host: product.ingestUrl!, flushAt: 2, flushInterval: 100 });
    analytics.screen({ userId: customerId, name: 'Cart', properties: { items: 2 } });
    analytics.group({ userId: customerId, groupId: 'acme', traits: { name: 'Acme Inc.', plan: 'business' } });
    await analytics.closeAndFlush();
    await waitFor(async () => ((await eventsOf(customerId)).length === 2 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'both calls stored',
    });
    const [group, screen] = await eventsOf(customerId);
    assert.deepEqual(group, { type: 'Group', payload: { group_id: 'acme', traits: { name: 'Acme Inc.', plan: 'business' } } });
    assert.deepEqual(
      { type: screen!.type, name: screen!.payload.name, items: screen!.payload.items },
      { type: 'Screen Viewed', name: 'Cart', items: 2 },
    );
    const { rows } = await db.query('select traits->$2 as account from customers where customer_id = $1', [customerId, 'account']);
    assert.deepEqual(rows, [{ account: { id: 'acme', name: 'Acme Inc.', plan: 'business' } }]);
  });

  it('dates an event queued in an SDK by its originalTimestamp, corrected by the clock skew receivedAt − sentAt', async () => {
    const customerId = uniqueId('queued');
    const messageId = randomUUID();
    // The device's clock is an hour fast; the event waited 5 s in the SDK's queue.
    const deviceNow = Date.now() + 3_600_000;
    const response = await fetch(`${product.ingestUrl}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('dev-write-key:').toString('base64')}` },
      body: JSON.stringify({
        sentAt: new Date(deviceNow).toISOString(),
        batch: [
          {
            type: 'track',
            messageId,
            userId: customerId,
            event: 'Product Viewed',
            properties: { product_id: 'p-1' },
            originalTimestamp: new Date(deviceNow - 5_000).toISOString(),
          },
        ],
      }),
    });
    assert.equal(response.status, 200);
    await waitForProjected(db, [messageId]);
    const { rows } = await db.query<{ waited: number }>(
      'select extract(epoch from received_at - occurred_at)::float as waited from events where event_id = $1',
      [messageId],
    );
    assert.ok(Math.abs(rows[0]!.waited - 5) < 1, `occurred ${rows[0]!.waited} s before it was received, not 5 s`);
  });

  it("accepts the browser library's short paths with the write key in the body, and refuses an unknown key", async () => {
    const customerId = uniqueId('browser');
    const messageId = randomUUID();
    const post = (body: Record<string, unknown>) =>
      fetch(`${product.ingestUrl}/v1/t`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body) });
    const call = { messageId, userId: customerId, event: 'Product Viewed', properties: { product_id: 'p-1' } };
    assert.equal((await post({ ...call, writeKey: 'not-our-key' })).status, 401);
    assert.equal((await post(call)).status, 401);
    assert.equal((await post({ ...call, writeKey: 'dev-write-key' })).status, 200);
    await waitForProjected(db, [messageId]);
  });

  it("answers CORS preflights for the shop's origin only", async () => {
    const preflight = (origin: string) =>
      fetch(`${product.ingestUrl}/v1/t`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const allowed = await preflight(SHOP_ORIGIN);
    assert.equal(allowed.headers.get('access-control-allow-origin'), SHOP_ORIGIN);
    const other = await preflight('https://elsewhere.example');
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });
});
