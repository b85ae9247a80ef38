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
import { rebuildProjections, type TableDiff } from '../../services/processes/projector/rebuild.ts';
import { uniqueId } from '../support/fixtures.ts';
import { waitForLogSettled, waitForProjected } from '../support/pipeline.ts';

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
 * customers that other tests wrote straight into the database are left out: a rebuild
 * rightly drops those rows, though it keeps what the product itself later logged about such
 * customers (their segment changes). The list of them is taken before the rebuild, which
 * forgets who they were.
 */
let aroundTheLog: string[] = [];
/**
 * Customers other tests wrote around the log: those with events of source `test` (never in
 * the log), and those with projected rows but no event at all (the journey report's tests
 * write orders and clicks straight into their tables).
 */
async function customersAroundTheLog(): Promise<string[]> {
  const withRows = projectionTables.filter((table) => table !== 'events').map((table) => `select customer_id from ${table}`);
  const { rows } = await db.query<{ id: string }>(
    `select distinct customer_id as id from events where source = 'test'
     union
     select customer_id from (${withRows.join(' union ')}) projected
     where not exists (select 1 from events where events.customer_id = projected.customer_id)`,
  );
  return rows.map((row) => row.id);
}
async function snapshot(): Promise<Record<string, unknown[]>> {
  const state: Record<string, unknown[]> = {};
  for (const table of projectionTables) {
    const { rows } = await db.query<Record<string, unknown>>(`select * from ${table} where not (customer_id = any($1))`, [aroundTheLog]);
    for (const row of rows) delete row.projected_at;
    state[table] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return state;
}

function customerHistory(customerId: string, orderId: string) {
  const at = (minute: number) => `2026-11-0${1 + (minute % 9)}T10:${String(minute % 60).padStart(2, '0')}:00Z`;
  // Before logging in, a visitor who allowed push; the identify with both ids merges them.
  const anonymousId = `visitor-${customerId}`;
  return [
    {
      type: 'track',
      anonymousId,
      timestamp: at(0),
      event: 'Consent Granted',
      properties: { channel: 'push', purpose: 'marketing', source: 'browser-prompt' },
    },
    {
      type: 'identify',
      userId: customerId,
      anonymousId,
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
    await waitForLogSettled(kafka, db);
    aroundTheLog = await customersAroundTheLog();
    const live = await snapshot();
    assert.ok((live.orders?.length ?? 0) >= 5 && (live.consent_history?.length ?? 0) >= 10, 'the scenario fed the projections');
    const visitors = calls.flatMap((call) => (call.userId ? [] : [`anonymous:${call.anonymousId}`]));
    const { rows: pushConsent } = await db.query<{ customer_id: string }>(
      `select customer_id from consent where channel = 'push'
       and (customer_id = any($1) or customer_id in (select customer_id from customer_identities where merged_id = any($1)))`,
      [visitors],
    );
    assert.equal(pushConsent.length, 5);
    assert.ok(
      pushConsent.every((row) => !visitors.includes(row.customer_id)),
      "the visitors' push consent is their customers' now",
    );

    // Other tests wrote customers straight into the database, around the log: dropping them is right here.
    const report = await rebuildProjections({ kafka, db, logger, dropConsent: true });
    assert.ok(report.messages >= calls.length);
    assert.equal(report.swapped, true);
    assert.deepEqual(await snapshot(), live);
    // The views over the projections (for BI tools) read the fresh tables.
    const { rows } = await db.query<{ n: number }>('select count(*)::int as n from bi_rfm_groups');
    assert.equal(rows.length, 1);
  });

  it('reports per table what it would add, drop and change, and swaps nothing that would drop consent rows unless told', async () => {
    // A consent row the log does not explain (written around it).
    const customerId = uniqueId('around-the-log');
    await db.query(
      `insert into consent (customer_id, channel, purpose, granted, changed_at, event_id) select $1, 'email', 'marketing', true, now(), event_id from events limit 1`,
      [customerId],
    );
    await db.query(
      // A customer the log knows (not one merged away since: their row is gone).
      `update customers set traits = traits || '{"note":"edited by hand"}' where customer_id = (
         select customer_id from customers where exists (select 1 from events where events.customer_id = customers.customer_id and source = 'segment-http')
         order by customer_id limit 1)`,
    );
    let shown: TableDiff[] = [];
    const refused = await rebuildProjections({ kafka, db, logger, onDiff: (diff) => (shown = diff) });
    assert.equal(refused.swapped, false);
    assert.deepEqual(shown, refused.diff);
    const of = (table: string) => refused.diff.find((row) => row.table === table);
    assert.equal(of('consent')?.dropped, 1);
    assert.equal(of('customers')?.changed, 1);
    assert.equal(of('events')?.added, 0);
    assert.equal((await db.query('select 1 from consent where customer_id = $1', [customerId])).rowCount, 1, 'nothing swapped');

    const confirmed = await rebuildProjections({ kafka, db, logger, dropConsent: true });
    assert.equal(confirmed.swapped, true);
    assert.equal((await db.query('select 1 from consent where customer_id = $1', [customerId])).rowCount, 0);
  });
});
