/**
 * Publishes recorded segment changes (segment_changes) to the log as `Segment Entered` and
 * `Segment Exited` events, oldest first, and marks them published. A crash after the send
 * and before the mark sends them again under the same event ids, which every consumer
 * drops (the event store by its key, the customer workflow by its seen ids): each change
 * affects the product once. A crash before the send loses nothing: the change waits here.
 */
import type { CustomerEventEnvelope } from '../../../schemas/envelope.ts';
import { SegmentEntered, SegmentExited } from '../../../schemas/events/segments.ts';
import { inTransaction, type Db } from '../db/pool.ts';
import type { EventLogWriter } from '../kafka/customer-events.ts';
import type { Logger } from '../logger.ts';
import { startPolledPublisher, type PolledPublisher } from '../outbox/polled-publisher.ts';

export const SEGMENT_EVENT_SOURCE = 'segments';
const BATCH = 500;

interface ChangeRow {
  seq: string;
  event_id: string;
  customer_id: string;
  segment_id: string;
  change: 'entered' | 'exited';
  changed_at: Date;
}

function toEnvelope(row: ChangeRow): CustomerEventEnvelope {
  const event = row.change === 'entered' ? SegmentEntered : SegmentExited;
  const at = row.changed_at.toISOString();
  return {
    eventId: row.event_id,
    customerId: row.customer_id,
    type: event.name,
    version: event.version,
    occurredAt: at,
    receivedAt: at,
    source: SEGMENT_EVENT_SOURCE,
    payload: { segment_id: row.segment_id },
  };
}

/** Publishes every change not yet published; returns how many. Publishers may run side by side. */
export async function publishSegmentChanges(db: Db, log: EventLogWriter): Promise<number> {
  let published = 0;
  for (;;) {
    const sent = await inTransaction(db, async (client) => {
      const { rows } = await client.query<ChangeRow>(
        `select seq, event_id, customer_id, segment_id, change, changed_at from segment_changes
         where published_at is null order by seq limit $1 for update skip locked`,
        [BATCH],
      );
      if (rows.length === 0) return 0;
      await log.append(rows.map(toEnvelope));
      await client.query('update segment_changes set published_at = now() where seq = any($1::bigint[])', [rows.map((row) => row.seq)]);
      return rows.length;
    });
    published += sent;
    if (sent < BATCH) return published;
  }
}

/** Publishes as changes appear: when kicked by the projector, and each second for those a recompute recorded. */
export function startSegmentPublisher(deps: { db: Db; log: EventLogWriter; logger: Logger }): PolledPublisher {
  return startPolledPublisher({ what: 'segment changes', publish: () => publishSegmentChanges(deps.db, deps.log), logger: deps.logger });
}
