/**
 * Backfill (`journeys journey backfill <journey>`): a journey that shipped after its
 * customers' trigger events went by never heard them. An anniversary of an account opened
 * before it, a consent grant older than re-permission: the customer workflow took those
 * events in while no journey started on them, and they will not come again. For each such
 * customer the event store's trigger event goes back to their workflow inside a `Journey
 * Entry Requested`, which offers it to that journey alone (workflows/lib/entry-requests.ts).
 *
 * Only journeys a customer enters once and stays in for years have a backfill: a year-old
 * sign-up should not start a welcome series, nor an old cart a reminder. The event id is a
 * function of the journey and the trigger event, so a second backfill writes the same
 * events again, which the event store and the customer workflow drop; and the journey's
 * entry rules keep a customer already in it from entering twice.
 */
import { knownEvents, isKnownEvent } from '../../../schemas/catalog.ts';
import type { CustomerEventEnvelope } from '../../../schemas/envelope.ts';
import { JourneyEntryRequested } from '../../../schemas/events/operations.ts';
import type { Queryable } from '../db/pool.ts';
import type { EventLogWriter } from '../kafka/customer-events.ts';
import { derivedEventId } from '../kafka/derived-event-id.ts';

export const BACKFILL_EVENT_SOURCE = 'operators';
const BATCH = 500;

/**
 * Events under the id of the customer they belong to now (a visitor's, once merged, are the
 * customer's); only the customers in $1 when it is not null.
 */
const ownedEvents = `(select * from (select coalesce(identities.customer_id, events.customer_id) as owner, events.*
   from events left join customer_identities identities on identities.merged_id = events.customer_id) all_owned
   where $1::text[] is null or owner = any($1::text[]))`;

const firstOf = (type: string) =>
  `select distinct on (owner) owner, event_id, type, occurred_at, source, payload from ${ownedEvents} owned
   where type = '${type}' order by owner, occurred_at, event_id`;

/** Per journey, the trigger event each customer would have entered it with; the journeys that have a backfill. */
const triggersToBackfill: Record<string, { what: string; sql: string }> = {
  'signup-anniversary': { what: "each customer's first sign-up", sql: firstOf('Signed Up') },
  'first-order-anniversary': { what: "each customer's first order", sql: firstOf('Order Completed') },
  birthday: {
    what: "each customer's latest profile with a birthday",
    sql: `select distinct on (owner) owner, event_id, type, occurred_at, source, payload from ${ownedEvents} owned
          where type = 'Identify' and payload ? 'birthday' order by owner, occurred_at desc, event_id desc`,
  },
  're-permission': {
    // The grant in force on each channel (a renewal re-dates the row): lapsed ones too, so
    // that their lapse is written and the gate's reading of it is in the log.
    what: 'the marketing consent grant in force on each channel',
    sql: `select distinct on (consent.customer_id, consent.channel)
            owned.owner, owned.event_id, owned.type, owned.occurred_at, owned.source, owned.payload
          from consent join ${ownedEvents} owned on owned.owner = consent.customer_id
            and owned.type = 'Consent Granted' and owned.occurred_at = consent.granted_at
            and owned.payload->>'channel' = consent.channel and owned.payload->>'purpose' = 'marketing'
          where consent.purpose = 'marketing' and consent.granted
          order by consent.customer_id, consent.channel, owned.event_id desc`,
  },
};

export const backfilledJourneys = Object.keys(triggersToBackfill);

/** What the backfill of this journey offers it, in words; undefined for a journey without one. */
export const backfillOf = (journeyId: string): string | undefined => triggersToBackfill[journeyId]?.what;

export interface TriggerRow {
  owner: string;
  event_id: string;
  type: string;
  occurred_at: Date;
  source: string;
  payload: Record<string, unknown>;
}

/** Which customers: all of them, or only these (an operator trying it on a few first). */
export interface BackfillScope {
  customerIds?: readonly string[];
}

/** The trigger events to offer the journey, one per entry it would have had. */
export async function triggersOf(db: Queryable, journeyId: string, scope: BackfillScope): Promise<TriggerRow[]> {
  const backfill = triggersToBackfill[journeyId];
  if (!backfill) throw new Error(`${journeyId} has no backfill (journeys with one: ${backfilledJourneys.join(', ')})`);
  return (await db.query<TriggerRow>(backfill.sql, [scope.customerIds ?? null])).rows;
}

export function entryRequest(journeyId: string, trigger: TriggerRow, at: Date): CustomerEventEnvelope {
  const time = at.toISOString();
  return {
    eventId: derivedEventId('journey-entry', journeyId, trigger.event_id),
    customerId: trigger.owner,
    type: JourneyEntryRequested.name,
    version: JourneyEntryRequested.version,
    occurredAt: time,
    receivedAt: time,
    source: BACKFILL_EVENT_SOURCE,
    payload: {
      journey_id: journeyId,
      trigger: {
        event_id: trigger.event_id,
        type: trigger.type,
        // The store keeps the payload the catalog accepted, at its version then: the current one.
        version: isKnownEvent(trigger.type) ? knownEvents[trigger.type].version : 1,
        occurred_at: trigger.occurred_at.toISOString(),
        source: trigger.source,
        payload: trigger.payload,
      },
    },
  };
}

/** How many customers the backfill would reach; nothing written. */
export async function countEntryRequests(db: Queryable, journeyId: string, scope: BackfillScope = {}): Promise<number> {
  return (await triggersOf(db, journeyId, scope)).length;
}

/** Writes one entry request per trigger event to the log; returns how many. */
export async function requestEntries(
  deps: { db: Queryable; log: EventLogWriter },
  journeyId: string,
  scope: BackfillScope = {},
): Promise<number> {
  const triggers = await triggersOf(deps.db, journeyId, scope);
  const now = new Date();
  for (let start = 0; start < triggers.length; start += BATCH) {
    await deps.log.append(triggers.slice(start, start + BATCH).map((trigger) => entryRequest(journeyId, trigger, now)));
  }
  return triggers.length;
}
