/**
 * Every shipped journey. The customer workflow starts and feeds journeys from this list;
 * the router sends Temporal only the events some journey triggers on, exits on or waits for,
 * those that move a customer's lifecycle stage, and identity merges.
 */
import { stageEventTypes } from './lib/customer-state.ts';
import { identitiesMergedEvent } from './lib/identity.ts';
import { routedToJourney, type AnyJourney } from './lib/journey-descriptor.ts';
import { cartAbandonment } from './journeys/cart-abandonment.ts';
import { reviewRequest } from './journeys/review-request.ts';
import { vipRecognition } from './journeys/vip-recognition.ts';
import { welcome } from './journeys/welcome.ts';

export const journeyRegistry: readonly AnyJourney[] = [cartAbandonment, welcome, reviewRequest, vipRecognition];

/** Per journey id, the event types a running journey hears: its exits and what it waits for. */
export const routedByJourney: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  journeyRegistry.map((journey) => [journey.id, routedToJourney(journey)]),
);

export function eventTypesForTemporal(): Set<string> {
  const types = new Set<string>([...stageEventTypes, identitiesMergedEvent]);
  for (const journey of journeyRegistry) {
    types.add(journey.trigger.event);
    for (const type of routedByJourney.get(journey.id) ?? []) types.add(type);
  }
  return types;
}
