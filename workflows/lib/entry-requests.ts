/**
 * Entry requests (`Journey Entry Requested`, written by `journeys journey backfill`): a
 * journey added after release never heard the trigger events its customers caused before
 * (the sign-up of an account opened years ago, a consent grant older than re-permission).
 * The request carries one such event from the event store; the customer workflow offers it
 * to the named journey alone, as if it had arrived then, and the journey's entry rules
 * decide as for any trigger (an entry key already used, a customer already in it: nothing).
 */
import type { KnownEventName, PayloadOf } from '../../schemas/catalog.ts';
import type { CustomerEventEnvelope } from '../../schemas/envelope.ts';
import { startsJourney, type AnyJourney } from './journey-descriptor.ts';

export const journeyEntryRequestedEvent = 'Journey Entry Requested' satisfies KnownEventName;

/**
 * The journey a request names and the old event as its trigger, under the customer's id
 * now; nothing when the journey is unknown (removed since) or the event would not start it.
 */
export function requestedEntry(
  request: CustomerEventEnvelope,
  journeys: readonly AnyJourney[],
): { journey: AnyJourney; trigger: CustomerEventEnvelope } | undefined {
  const { journey_id, trigger } = request.payload as PayloadOf<typeof journeyEntryRequestedEvent>;
  const journey = journeys.find((candidate) => candidate.id === journey_id);
  const event: CustomerEventEnvelope = {
    eventId: trigger.event_id,
    customerId: request.customerId,
    type: trigger.type,
    version: trigger.version,
    occurredAt: trigger.occurred_at,
    receivedAt: request.receivedAt,
    source: trigger.source,
    payload: trigger.payload,
  };
  return journey && startsJourney(journey, event) ? { journey, trigger: event } : undefined;
}
