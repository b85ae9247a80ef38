/** Helpers for tests of the event pipeline on the real Kafka and PostgreSQL. */
import { randomInt, randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { consumerGroups, topics } from '../../schemas/names.ts';
import type { Channel } from '../../schemas/primitives.ts';
import type { Db } from '../../services/platform/db/pool.ts';
import { createSegmentClient, expectAccepted } from '../../services/cli/demo/segment-client.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { uniqueId } from './fixtures.ts';

/** The sum of customer-events' partition ends: unchanged means nothing was written. */
export async function customerEventsEnd(kafka: Kafka): Promise<bigint> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topics.customerEvents);
    return offsets.reduce((sum, { offset }) => sum + BigInt(offset), 0n);
  } finally {
    await admin.disconnect();
  }
}

/** Waits until the event store holds every one of these event ids. */
export async function waitForProjected(db: Db, eventIds: string[], timeoutMs = 30_000): Promise<void> {
  await waitFor(
    async () => {
      const { rows } = await db.query<{ n: number }>('select count(*)::int as n from events where event_id = any($1)', [eventIds]);
      return rows[0]?.n === eventIds.length ? true : undefined;
    },
    { timeoutMs, what: `${eventIds.length} events in the event store` },
  );
}

/** The committed offsets of a consumer group on customer-events, per partition ('-1': none). */
export async function committedOffsets(kafka: Kafka, groupId: string): Promise<Map<number, string>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topics.customerEvents] });
    return new Map((committed?.partitions ?? []).map(({ partition, offset }) => [partition, offset]));
  } finally {
    await admin.disconnect();
  }
}

/** Waits until a consumer group has committed everything written to customer-events. */
export async function waitForGroupCaughtUp(kafka: Kafka, groupId: string, timeoutMs = 60_000): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await waitFor(
      async () => {
        const ends = await admin.fetchTopicOffsets(topics.customerEvents);
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topics.customerEvents] });
        const behind = ends.filter(({ partition, offset, low }) => {
          const at = committed?.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
          return offset !== low && (at === '-1' || BigInt(at) < BigInt(offset));
        });
        return behind.length === 0 ? true : undefined;
      },
      { timeoutMs, what: `${groupId} to reach the end of customer-events` },
    );
  } finally {
    await admin.disconnect();
  }
}

/** Waits until the live projector has committed everything written to customer-events. */
export const waitForProjectorCaughtUp = (kafka: Kafka, timeoutMs?: number) =>
  waitForGroupCaughtUp(kafka, consumerGroups.projector, timeoutMs);

/**
 * Waits until the log holds all the product will write about what it has seen: every
 * segment change the projector's batches recorded is published (segment_changes), and the
 * projector has committed those events too. They move no segment, so nothing follows them.
 */
export async function waitForLogSettled(kafka: Kafka, db: Db, timeoutMs = 60_000): Promise<void> {
  await waitForProjectorCaughtUp(kafka, timeoutMs);
  await waitFor(
    async () => ((await db.query('select 1 from segment_changes where published_at is null limit 1')).rowCount === 0 ? true : undefined),
    { timeoutMs, what: 'every segment change published' },
  );
  await waitForProjectorCaughtUp(kafka, timeoutMs);
}

/**
 * A customer made as the shop makes one, through the ingest API (a running ingest and
 * projector): the whole story is in the log, so a projection rebuild (another test) agrees
 * with what the product itself later writes to the log about this customer.
 */
export async function shopperThroughTheLog(
  db: Db,
  ingestUrl: string,
  options: { consent: Channel; events?: { event: string; properties: Record<string, unknown> }[] },
) {
  const shop = createSegmentClient(ingestUrl, 'dev-write-key');
  const customerId = uniqueId('shopper');
  const email = `${customerId}@example.com`;
  const phone = `+1555${String(randomInt(10_000_000)).padStart(7, '0')}`;
  const events = [
    { event: 'Consent Granted', properties: { channel: options.consent, purpose: 'marketing', source: 'checkout' } },
    ...(options.events ?? []),
  ];
  const ids = [randomUUID(), ...events.map(() => randomUUID())];
  await expectAccepted(
    shop.identify({ userId: customerId, messageId: ids[0], traits: { email, phone, firstName: 'Test', timezone: 'UTC' } }),
  );
  for (const [index, { event, properties }] of events.entries()) {
    await expectAccepted(shop.track({ userId: customerId, messageId: ids[index + 1], event, properties }));
  }
  await waitForProjected(db, ids);
  return { customerId, email, phone };
}
