/**
 * The event outbox (migration 022): events the product decides inside a transaction (a
 * coupon's use) are recorded with it, and published to the log after it commits. A crash
 * after the send and before the mark sends them again under the same event ids, which
 * every consumer drops; a crash before the send loses nothing: the event waits here.
 */
import type { CustomerEventEnvelope } from '../../../schemas/envelope.ts';
import type pg from 'pg';
import { inTransaction, type Db } from '../db/pool.ts';
import type { EventLogWriter } from '../kafka/customer-events.ts';
import type { Logger } from '../logger.ts';
import { startPolledPublisher, type PolledPublisher } from './polled-publisher.ts';

const BATCH = 500;

/** Records the event for publication; the same event id twice is recorded once. */
export async function recordOutboxEvent(client: Pick<pg.ClientBase, 'query'>, event: CustomerEventEnvelope): Promise<void> {
  await client.query(
    `insert into event_outbox (event_id, customer_id, type, version, payload, occurred_at, source)
     values ($1, $2, $3, $4, $5, $6, $7) on conflict (event_id) do nothing`,
    [event.eventId, event.customerId, event.type, event.version, event.payload, event.occurredAt, event.source],
  );
}

export interface OutboxRow {
  seq: string;
  event_id: string;
  customer_id: string;
  type: string;
  version: number;
  payload: Record<string, unknown>;
  occurred_at: Date;
  source: string;
}

/** A row of the outbox as the event the publisher puts in the log. */
export const outboxEnvelope = (row: Omit<OutboxRow, 'seq'>): CustomerEventEnvelope => ({
  eventId: row.event_id,
  customerId: row.customer_id,
  type: row.type,
  version: row.version,
  occurredAt: row.occurred_at.toISOString(),
  receivedAt: row.occurred_at.toISOString(),
  source: row.source,
  payload: row.payload,
});

/** Publishes every event not yet published, oldest first; returns how many. Publishers may run side by side. */
export async function publishOutbox(db: Db, log: EventLogWriter): Promise<number> {
  let published = 0;
  for (;;) {
    const sent = await inTransaction(db, async (client) => {
      const { rows } = await client.query<OutboxRow>(
        `select seq, event_id, customer_id, type, version, payload, occurred_at, source from event_outbox
         where published_at is null order by seq limit $1 for update skip locked`,
        [BATCH],
      );
      if (rows.length === 0) return 0;
      await log.append(rows.map(outboxEnvelope));
      await client.query('update event_outbox set published_at = now() where seq = any($1::bigint[])', [rows.map((row) => row.seq)]);
      return rows.length;
    });
    published += sent;
    if (sent < BATCH) return published;
  }
}

export function startOutboxPublisher(deps: { db: Db; log: EventLogWriter; logger: Logger }): PolledPublisher {
  return startPolledPublisher({ what: 'outbox events', publish: () => publishOutbox(deps.db, deps.log), logger: deps.logger });
}
