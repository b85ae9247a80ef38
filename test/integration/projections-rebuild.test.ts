/**
 * Kafka is the log of record: replaying customer-events from the beginning into fresh
 * tables gives exactly the state the live projector built, while it keeps running.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Kafka } from 'kafkajs';
import { loadConfig } from '../../services/platform/config.ts';
import { createDb, type Db } from '../../services/platform/db/pool.ts';
import { createSegmentClient, expectAccepted } from '../../services/cli/demo/segment-client.ts';
import { createKafka } from '../../services/platform/kafka/client.ts';
import { createLogger } from '../../services/platform/logger.ts';
import { startProduct, type RunningProduct } from '../../services/processes/composition-root.ts';
import { projectionTables } from '../../services/processes/projector/project-event.ts';
import { rebuildProjections } from '../../services/processes/projector/rebuild.ts';
import { uniqueId } from '../support/fixtures.ts';
import { waitForProjected, waitForProjectorCaughtUp } from '../support/pipeline.ts';

const config = loadConfig({ ...process.env, INGEST_PORT: '18082', METRICS_PORT: '0', LOG_LEVEL: 'error' });
const logger = createLogger('error');
let product: RunningProduct;
let db: Db;
let kafka: Kafka;

before(async () => {
  product = await startProduct(config, logger, ['ingest', 'projector']);
  db = createDb(config.databaseUrl);
  kafka = createKafka(config.kafka.brokers, 'rebuild-test', logger);
});

after(async () => {
  await db?.end();
  await product?.stop();
});

/**
 * Every row of every projection, in a stable order, without the bookkeeping column. Rows of
 * customers that workflow tests wrote straight into the database (source `test`, never in
 * the log) are left out: a rebuild rightly drops them.
 */
async function snapshot(): Promise<Record<string, unknown[]>> {
  const state: Record<string, unknown[]> = {};
  for (const table of projectionTables) {
    const { rows } = await db.query<Record<string, unknown>>(
      `select * from ${table} where customer_id not in (select customer_id from events where source = 'test')`,
    );
    for (const row of rows) delete row.projected_at;
    state[table] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return state;
}

function customerHistory(customerId: string, orderId: string) {
  const at = (minute: number) => `2026-11-0${1 + (minute % 9)}T10:${String(minute % 60).padStart(2, '0')}:00Z`;
  return [
    {
      type: 'identify',
      userId: customerId,
      timestamp: at(1),
      traits: { email: `${customerId}@example.com`, phone: '+33612345678', timezone: 'Europe/Paris' },
    },
    {
      type: 'track',
      userId: customerId,
      timestamp: at(2),
      event: 'Consent Granted',
      properties: { channel: 'email', purpose: 'marketing', source: 'signup' },
    },
    {
      type: 'track',
      userId: customerId,
      timestamp: at(3),
      event: 'Order Completed',
      properties: { order_id: orderId, total: 120, currency: 'EUR', coupon: 'WELCOME10' },
    },
    {
      type: 'track',
      userId: customerId,
      timestamp: at(4),
      event: 'Coupon Redeemed',
      properties: { coupon_name: 'WELCOME10', order_id: orderId, discount: 12, currency: 'EUR' },
    },
    {
      type: 'track',
      userId: customerId,
      timestamp: at(5),
      event: 'Order Refunded',
      properties: { order_id: orderId, total: 40, currency: 'EUR' },
    },
    {
      type: 'track',
      userId: customerId,
      timestamp: at(6),
      event: 'Push Subscription Registered',
      properties: { endpoint: `https://push.example/${customerId}`, keys: { p256dh: 'key', auth: 'secret' } },
    },
    {
      type: 'track',
      userId: customerId,
      timestamp: at(7),
      event: 'Consent Revoked',
      properties: { channel: 'email', purpose: 'marketing', source: 'unsubscribe-link' },
    },
    { type: 'identify', userId: customerId, timestamp: at(8), traits: { locale: 'fr-FR', birthday: '--04-23' } },
  ].map((call) => ({ ...call, messageId: randomUUID() }));
}

describe('projection rebuild', () => {
  it('replays the log into fresh tables equal to the live projections', async () => {
    const shop = createSegmentClient(product.ingestUrl!, 'dev-write-key');
    const calls = Array.from({ length: 5 }, () => uniqueId('rebuild')).flatMap((id) => customerHistory(id, `order-${id}`));
    await expectAccepted(shop.post('/v1/batch', { batch: calls }));
    await waitForProjected(
      db,
      calls.map((call) => call.messageId),
    );
    await waitForProjectorCaughtUp(kafka);
    const live = await snapshot();
    assert.ok((live.orders?.length ?? 0) >= 5 && (live.consent_history?.length ?? 0) >= 10, 'the scenario fed the projections');

    const report = await rebuildProjections({ kafka, db, logger });
    assert.ok(report.messages >= calls.length);
    assert.deepEqual(await snapshot(), live);
  });
});
