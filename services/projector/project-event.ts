/**
 * Applies one event to PostgreSQL: the event store first (unique event id, so a redelivered
 * event changes nothing), then the projections it feeds.
 */
import type pg from 'pg';
import { isEvent, type CustomerEventEnvelope } from '../../schemas/envelope.ts';

/** Returns false when the event was already projected. Call inside a transaction. */
export async function projectEvent(client: pg.PoolClient, event: CustomerEventEnvelope): Promise<boolean> {
  const inserted = await client.query(
    `insert into events (event_id, customer_id, type, occurred_at, received_at, source, payload)
     values ($1, $2, $3, $4, $5, $6, $7) on conflict (event_id) do nothing`,
    [event.eventId, event.customerId, event.type, event.occurredAt, event.receivedAt, event.source, event.payload],
  );
  if (inserted.rowCount === 0) return false;

  if (isEvent(event, 'Identify')) {
    const { email, timezone, ...traits } = event.payload;
    await client.query(
      `insert into customers (customer_id, email, time_zone, traits, updated_at) values ($1, $2, $3, $4, $5)
       on conflict (customer_id) do update set
         email = coalesce(excluded.email, customers.email),
         time_zone = coalesce(excluded.time_zone, customers.time_zone),
         traits = customers.traits || excluded.traits,
         updated_at = excluded.updated_at`,
      [event.customerId, email ?? null, timezone ?? null, traits, event.occurredAt],
    );
  } else if (isEvent(event, 'Consent Granted') || isEvent(event, 'Consent Revoked')) {
    await client.query(
      `insert into consent (customer_id, channel, purpose, granted, changed_at, event_id) values ($1, $2, $3, $4, $5, $6)
       on conflict (customer_id, channel, purpose) do update set
         granted = excluded.granted, changed_at = excluded.changed_at, event_id = excluded.event_id`,
      [event.customerId, event.payload.channel, event.payload.purpose, event.type === 'Consent Granted', event.occurredAt, event.eventId],
    );
  }
  return true;
}
