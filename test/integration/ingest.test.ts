/**
 * The ingest API on the real Kafka and PostgreSQL: Segment's calls and batches, the native
 * endpoint, the unchanged @segment/analytics-node client, and requests that must write
 * nothing at all.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Analytics } from '@segment/analytics-node';
import type { Kafka } from 'kafkajs';
import { loadConfig } from '../../services/platform/config.ts';
import { createDb, type Db } from '../../services/platform/db/pool.ts';
import { createSegmentClient, type SegmentClient } from '../../services/cli/demo/segment-client.ts';
import { createKafka } from '../../services/platform/kafka/client.ts';
import { createLogger } from '../../services/platform/logger.ts';
import { startProduct, type RunningProduct } from '../../services/processes/composition-root.ts';
import { uniqueId } from '../support/fixtures.ts';
import { customerEventsEnd, waitForProjected } from '../support/pipeline.ts';

const config = loadConfig({ ...process.env, INGEST_PORT: '18081', METRICS_PORT: '0', LOG_LEVEL: 'warn' });
const logger = createLogger('warn');
let product: RunningProduct;
let shop: SegmentClient;
let db: Db;
let kafka: Kafka;

before(async () => {
  product = await startProduct(config, logger, ['ingest', 'projector']);
  shop = createSegmentClient(product.ingestUrl!, 'dev-write-key');
  db = createDb(config.databaseUrl);
  kafka = createKafka(config.kafka.brokers, 'ingest-test', logger);
});

after(async () => {
  await db?.end();
  await product?.stop();
});

const issuesOf = async (response: Response) =>
  ((await response.json()) as { issues: { path: string }[] }).issues.map((issue) => issue.path).sort();

describe('ingest API', () => {
  it('accepts a Segment batch and stores every event, with money in minor units', async () => {
    const customerId = uniqueId('batch');
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const response = await shop.post('/v1/batch', {
      batch: [
        {
          type: 'identify',
          messageId: ids[0],
          userId: customerId,
          traits: {
            email: `${customerId}@example.com`,
            country: 'FR',
            address: { street: '1 rue de Rivoli', city: 'Paris', postalCode: '75001', country: 'FR' },
          },
        },
        {
          type: 'track',
          messageId: ids[1],
          userId: customerId,
          event: 'Order Completed',
          properties: { order_id: `o-${customerId}`, total: 59.97, currency: 'EUR' },
        },
        { type: 'page', messageId: ids[2], userId: customerId, name: 'Order confirmation' },
      ],
    });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { success: true, accepted: 3 });
    await waitForProjected(db, ids);
    const { rows } = await db.query('select total_amount::int as total, currency, status from orders where customer_id = $1', [customerId]);
    assert.deepEqual(rows, [{ total: 5997, currency: 'EUR', status: 'completed' }]);
    const customer = await db.query('select country, address->>$2 as city from customers where customer_id = $1', [customerId, 'city']);
    assert.deepEqual(customer.rows, [{ country: 'FR', city: 'Paris' }]);
  });

  it('accepts canonical envelopes on the native endpoint', async () => {
    const customerId = uniqueId('native');
    const eventId = randomUUID();
    const response = await shop.post('/v1/events', {
      events: [
        {
          eventId,
          customerId,
          type: 'Consent Granted',
          version: 1,
          occurredAt: new Date().toISOString(),
          payload: { channel: 'sms', purpose: 'marketing', source: 'checkout' },
        },
      ],
    });
    assert.equal(response.status, 200);
    await waitForProjected(db, [eventId]);
    const { rows } = await db.query('select channel, granted, source from consent_history where customer_id = $1', [customerId]);
    assert.deepEqual(rows, [{ channel: 'sms', granted: true, source: 'checkout' }]);
  });

  it('rejects a whole request that holds one invalid event, naming every invalid field, and writes nothing', async () => {
    const before = await customerEventsEnd(kafka);
    const batch = await shop.post('/v1/batch', {
      batch: [
        { type: 'track', userId: 'c-1', event: 'Product Viewed', properties: { product_id: 'p-1' } },
        { type: 'track', userId: 'c-1', event: 'Checkout Started', properties: { value: 'ten' } },
        { type: 'identify', userId: 'c-1', traits: { email: 'nope' } },
      ],
    });
    assert.equal(batch.status, 400);
    assert.deepEqual(await issuesOf(batch), ['batch.1.properties.value', 'batch.2.traits.email']);
    const native = await shop.post('/v1/events', {
      events: [{ customerId: 'c-1', type: 'Order Completed', version: 1, occurredAt: 'yesterday', payload: {} }],
    });
    assert.equal(native.status, 400);
    assert.deepEqual(await issuesOf(native), ['events.0.eventId', 'events.0.occurredAt']);
    const notJson = await fetch(`${product.ingestUrl}/v1/track`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('dev-write-key:').toString('base64')}` },
      body: '{"event":',
    });
    assert.equal(notJson.status, 400);
    assert.equal(await customerEventsEnd(kafka), before);
  });

  it('answers 413 beyond Segment’s limits (32 KB per call, 500 KB per batch) and 401 for an unknown write key', async () => {
    const before = await customerEventsEnd(kafka);
    const big = 'x'.repeat(33 * 1024);
    assert.equal(
      (await shop.track({ userId: 'c-1', event: 'Product Viewed', properties: { product_id: 'p', description: big } })).status,
      413,
    );
    const items = Array.from({ length: 20 }, () => ({
      type: 'track',
      userId: 'c-1',
      event: 'Product Viewed',
      properties: { product_id: 'p', description: 'y'.repeat(30 * 1024) },
    }));
    assert.equal((await shop.post('/v1/batch', { batch: items })).status, 413);
    const oneTooBig = await shop.post('/v1/batch', {
      batch: [{ type: 'track', userId: 'c-1', event: 'Product Viewed', properties: { product_id: 'p', description: big } }],
    });
    assert.equal(oneTooBig.status, 400);
    assert.deepEqual(await issuesOf(oneTooBig), ['batch.0']);
    assert.equal(
      (await createSegmentClient(product.ingestUrl!, 'wrong-key').track({ userId: 'c-1', event: 'Product Viewed' })).status,
      401,
    );
    assert.equal(await customerEventsEnd(kafka), before);
  });

  it('works with the official @segment/analytics-node client, unchanged, pointed at our host', async () => {
    const customerId = uniqueId('segment-sdk');
    const analytics = new Analytics({ writeKey: 'dev-write-key', host: product.ingestUrl!, flushInterval: 50, maxRetries: 0 });
    const failures: unknown[] = [];
    analytics.on('error', (error) => failures.push(error));
    const ids = [randomUUID(), randomUUID()];
    analytics.identify({ userId: customerId, messageId: ids[0], traits: { email: `${customerId}@example.com`, timezone: 'Europe/Paris' } });
    analytics.track({
      userId: customerId,
      messageId: ids[1],
      event: 'Checkout Started',
      properties: { cart_id: 'cart-1', value: 12.5, currency: 'EUR' },
    });
    await analytics.closeAndFlush({ timeout: 10_000 });
    assert.deepEqual(failures, []);
    await waitForProjected(db, ids);
    const { rows } = await db.query<{ type: string; value: unknown }>(
      "select type, payload->'value' as value from events where customer_id = $1 order by occurred_at, type",
      [customerId],
    );
    assert.deepEqual(rows.map((row) => row.type).sort(), ['Checkout Started', 'Identify']);
    assert.deepEqual(rows.find((row) => row.type === 'Checkout Started')?.value, { amount: 1250, currency: 'EUR' });
  });
});
