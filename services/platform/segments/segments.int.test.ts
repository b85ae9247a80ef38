/**
 * Segment membership on the real PostgreSQL and Kafka, in a database of the test's own (the
 * publisher takes every unpublished change it finds): each entry and exit recorded once per
 * change, by events and by time alone; a merged visitor decided as the customer; and each
 * change published once, whether the process dies before the send or between the send and
 * its mark.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Kafka, Producer } from 'kafkajs';
import { customerEvent, project, uniqueId } from '../../../test/support/fixtures.ts';
import { createScratchDatabase } from '../../../test/support/scratch-database.ts';
import { boughtProduct } from '../../../segments/crm.ts';
import { segmentRegistry } from '../../../segments/index.ts';
import { checkRegistry } from '../../../segments/define.ts';
import { saveCurrencyRates } from '../../processes/projector/customer-metrics.ts';
import { loadConfig } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { createDb, inTransaction, type Db } from '../db/pool.ts';
import { createKafka, createProducer } from '../kafka/client.ts';
import { createEventLogWriter, fromMessage } from '../kafka/customer-events.ts';
import { readToEnd } from '../kafka/read-to-end.ts';
import { createLogger } from '../logger.ts';
import { refreshSegments } from './membership.ts';
import { refreshAllSegments } from './refresh-all.ts';
import { publishSegmentChanges } from './publisher.ts';
import { projectEvent } from '../../processes/projector/project-event.ts';

const config = loadConfig();
const segments = checkRegistry([...segmentRegistry, boughtProduct({ id: 'bought-espresso-machine', productIds: ['espresso-1'] })]);
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let db: Db;
let kafka: Kafka;
let producer: Producer;

before(async () => {
  scratch = await createScratchDatabase(config.databaseUrl, 'segments_test');
  db = createDb(scratch.url);
  await migrate(db);
  await saveCurrencyRates(db, { code: 'EUR', rates: { USD: 0.9 } });
  kafka = createKafka(config.kafka.brokers, 'segments-test', createLogger('warn'));
  producer = createProducer(kafka);
  await producer.connect();
});
after(async () => {
  await producer?.disconnect();
  await db?.end();
  await scratch?.drop();
});

const at = (iso: string) => new Date(iso);
const decide = (customerIds: string[], now: Date) => inTransaction(db, (client) => refreshSegments(client, customerIds, segments, now));
const order = (customerId: string, orderId: string, amount: number, when: string, extra: Record<string, unknown> = {}) => ({
  ...customerEvent(customerId, 'Order Completed', { order_id: orderId, total: { amount, currency: 'EUR' }, ...extra }),
  occurredAt: when,
});
const recorded = async (customerId: string) =>
  (
    await db.query<{ segment_id: string; change: string }>(
      'select segment_id, change from segment_changes where customer_id = $1 order by seq',
      [customerId],
    )
  ).rows.map((row) => `${row.change} ${row.segment_id}`);
const membersOf = async (customerId: string) =>
  (await db.query<{ segments: string[] }>('select segments from customer_segments where customer_id = $1', [customerId])).rows[0]?.segments;

describe('segment membership', () => {
  it('records each entry and exit once, on events and with time alone', async () => {
    const customerId = uniqueId('shopper');
    await project(
      db,
      order(customerId, `${customerId}-1`, 200_00, '2026-01-10T10:00:00Z', {
        coupon: 'WELCOME-7Q',
        products: [{ product_id: 'espresso-1' }],
      }),
    );
    await decide([customerId], at('2026-01-20T00:00:00Z'));
    const first = ['bought-last-3-months', 'spent-over-150-in-one-order', 'used-coupon', 'one-time-buyers', 'bought-espresso-machine'];
    assert.deepEqual((await recorded(customerId)).sort(), first.map((id) => `entered ${id}`).sort());

    await decide([customerId], at('2026-01-21T00:00:00Z'));
    assert.equal((await recorded(customerId)).length, first.length, 'deciding again without a change records nothing');

    await project(db, order(customerId, `${customerId}-2`, 40_00, '2026-02-01T10:00:00Z'));
    await decide([customerId], at('2026-02-02T00:00:00Z'));
    assert.deepEqual((await recorded(customerId)).slice(first.length), ['exited one-time-buyers', 'entered repeat-buyers']);

    // Seven months on, with no event at all: a recompute decides again.
    await decide([customerId], at('2026-09-02T00:00:00Z'));
    assert.deepEqual((await recorded(customerId)).slice(first.length + 2), ['exited bought-last-3-months', 'entered not-bought-6-months']);

    const cancelled = {
      ...customerEvent(customerId, 'Order Cancelled', { order_id: `${customerId}-2` }),
      occurredAt: '2026-09-03T00:00:00Z',
    };
    await project(db, cancelled);
    await decide([customerId], at('2026-09-03T00:00:00Z'));
    assert.deepEqual((await recorded(customerId)).slice(first.length + 4), ['exited repeat-buyers', 'entered one-time-buyers']);
    assert.deepEqual(await membersOf(customerId), [
      'bought-espresso-machine',
      'not-bought-6-months',
      'one-time-buyers',
      'spent-over-150-in-one-order',
      'used-coupon',
    ]);
  });

  it('keeps a new customer from the sign-up to the first order, the first sign-up dating the account', async () => {
    const customerId = uniqueId('newcomer');
    const signedUp = (when: string) => ({ ...customerEvent(customerId, 'Signed Up', { method: 'email' }), occurredAt: when });
    await project(db, signedUp('2026-03-01T09:00:00Z'), signedUp('2026-03-20T09:00:00Z'));
    const { rows } = await db.query<{ signed_up_at: Date }>('select signed_up_at from customers where customer_id = $1', [customerId]);
    assert.equal(rows[0]?.signed_up_at.toISOString(), '2026-03-01T09:00:00.000Z', 'a second sign-up does not move it');
    await decide([customerId], at('2026-03-02T00:00:00Z'));
    assert.deepEqual(await recorded(customerId), ['entered new-customers']);
    await project(db, order(customerId, `${customerId}-1`, 30_00, '2026-03-05T10:00:00Z'));
    await decide([customerId], at('2026-03-06T00:00:00Z'));
    assert.ok((await recorded(customerId)).includes('exited new-customers'), 'the first order');

    const waiting = uniqueId('newcomer');
    await project(db, { ...customerEvent(waiting, 'Signed Up', {}), occurredAt: '2026-03-01T09:00:00Z' });
    await decide([waiting], at('2026-03-02T00:00:00Z'));
    await decide([waiting], at('2026-06-01T00:00:00Z'));
    assert.deepEqual(await recorded(waiting), ['entered new-customers', 'exited new-customers'], '92 days on, without an order');
  });

  it('takes in a customer who viewed a product twice in a day without adding to the cart, from the event store', async () => {
    const customerId = uniqueId('browser');
    const event = (type: string, payload: Record<string, unknown>, when: string) => ({
      ...customerEvent(customerId, type, payload),
      occurredAt: when,
    });
    const viewed = (when: string) => event('Product Viewed', { product_id: 'teapot-1', name: 'Teapot' }, when);
    await project(db, event('Consent Granted', { channel: 'email', purpose: 'marketing' }, '2026-04-01T08:00:00Z'));
    await project(db, viewed('2026-04-01T09:00:00Z'), event('Product Viewed', { product_id: 'cups-2' }, '2026-04-01T09:05:00Z'));
    await decide([customerId], at('2026-04-01T10:00:00Z'));
    assert.deepEqual(await recorded(customerId), [], 'one view of each');
    await project(db, viewed('2026-04-01T20:00:00Z'));
    await decide([customerId], at('2026-04-01T20:01:00Z'));
    assert.deepEqual(await recorded(customerId), ['entered browse-abandoners']);
    await project(db, event('Product Added', { product_id: 'teapot-1' }, '2026-04-01T20:30:00Z'));
    await decide([customerId], at('2026-04-01T20:31:00Z'));
    assert.deepEqual(await recorded(customerId), ['entered browse-abandoners', 'exited browse-abandoners']);

    const wandering = uniqueId('browser');
    const again = (when: string) => ({ ...customerEvent(wandering, 'Product Viewed', { product_id: 'teapot-1' }), occurredAt: when });
    await project(db, {
      ...customerEvent(wandering, 'Consent Granted', { channel: 'email', purpose: 'marketing' }),
      occurredAt: '2026-04-01T08:00:00Z',
    });
    await project(db, again('2026-04-01T09:00:00Z'), again('2026-04-02T10:00:00Z'));
    await decide([wandering], at('2026-04-02T10:01:00Z'));
    assert.deepEqual(await recorded(wandering), [], 'two views 25 hours apart');
  });

  it('decides a visitor merged into a customer as the customer, dropping its own memberships without events', async () => {
    const visitor = `anonymous:${uniqueId('visitor')}`;
    const customerId = uniqueId('shopper');
    await project(db, order(visitor, `${visitor}-1`, 30_00, '2026-03-01T10:00:00Z'));
    await decide([visitor], at('2026-03-02T00:00:00Z'));
    assert.deepEqual(await membersOf(visitor), ['bought-last-3-months', 'one-time-buyers']);
    await project(db, {
      ...customerEvent(customerId, 'Identities Merged', { merged_customer_id: visitor }),
      occurredAt: '2026-03-02T00:00:00Z',
    });
    await decide([visitor], at('2026-03-02T01:00:00Z'));
    assert.equal(await membersOf(visitor), undefined);
    assert.deepEqual(
      await recorded(visitor),
      ['entered bought-last-3-months', 'entered one-time-buyers'],
      'no exit events for the merged id',
    );
    assert.deepEqual(await recorded(customerId), ['entered bought-last-3-months', 'entered one-time-buyers']);
  });
});

describe('refreshing every customer', () => {
  it('reports each chunk it decided (an activity heartbeats with it), the customers so far with it', async () => {
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from (
         select customer_id from customers union select customer_id from customer_metrics union select customer_id from customer_segments) everyone`,
    );
    const chunks: { customers: number; chunks: number }[] = [];
    const report = await refreshAllSegments(db, segments, { chunk: 2, onChunk: (progress) => chunks.push(progress) });
    assert.equal(chunks.length, Math.ceil(rows[0]!.n / 2));
    assert.deepEqual(
      chunks.map((chunk) => chunk.chunks),
      chunks.map((_, i) => i + 1),
    );
    assert.equal(chunks.at(-1)?.customers, report.customers);
  });
});

describe('publishing segment changes', () => {
  it('publishes each change once, after a crash before the send and a crash between the send and its mark', async () => {
    const topic = `segments-test-${randomUUID()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const log = createEventLogWriter(producer, topic);

    const customerId = uniqueId('shopper');
    await project(db, order(customerId, `${customerId}-1`, 20_00, new Date().toISOString()));
    // The changes commit, and the process dies before it publishes: they wait in the outbox.
    const changes = await decide([customerId], new Date());
    assert.equal(changes.length, 2);
    const unpublished = async () =>
      (await db.query<{ n: number }>('select count(*)::int as n from segment_changes where published_at is null')).rows[0]!.n;
    assert.ok((await unpublished()) >= 2);

    // Sent, then the process dies before marking them published: the next run sends them again.
    const dyingAfterSend = {
      append: async (events: Parameters<typeof log.append>[0]) => {
        await log.append(events);
        throw new Error('died after the send');
      },
    };
    await assert.rejects(publishSegmentChanges(db, dyingAfterSend), /died after the send/);
    assert.ok((await unpublished()) >= 2, 'still to publish');
    const published = await publishSegmentChanges(db, log);
    assert.equal(await unpublished(), 0);
    assert.equal(await publishSegmentChanges(db, log), 0, 'nothing left to send');

    const messages: ReturnType<typeof fromMessage>[] = [];
    await readToEnd(kafka, topic, ({ messages: batch }) => {
      messages.push(...batch.map((message) => fromMessage(message)));
      return Promise.resolve();
    });
    const ours = messages.flatMap((checked) => (checked.ok && checked.value.customerId === customerId ? [checked.value] : []));
    assert.equal(ours.length, 4, 'each change sent twice: once before the crash, once after');
    assert.equal(new Set(ours.map((event) => event.eventId)).size, 2, 'under the same two event ids');
    assert.ok(published >= 2);

    // What consumers make of it: the event store keeps each change once.
    await inTransaction(db, async (client) => {
      for (const event of ours) await projectEvent(client, event);
    });
    const { rows } = await db.query<{ type: string; segment_id: string }>(
      `select type, payload->>'segment_id' as segment_id from events where customer_id = $1 and source = 'segments' order by segment_id`,
      [customerId],
    );
    assert.deepEqual(rows, [
      { type: 'Segment Entered', segment_id: 'bought-last-3-months' },
      { type: 'Segment Entered', segment_id: 'one-time-buyers' },
    ]);
  });
});
