/**
 * Every shipped journey. The customer workflow starts and feeds journeys from this list;
 * the router sends Temporal only the events some journey triggers on, exits on or waits for,
 * and those that move a customer's lifecycle stage.
 */
import { stageEventTypes } from './lib/customer-state.ts';
import type { JourneyDescriptor } from './lib/journey.ts';
import { cartAbandonment } from './journeys/cart-abandonment.ts';
import { reviewRequest } from './journeys/review-request.ts';
import { welcome } from './journeys/welcome.ts';

export const journeyRegistry: readonly JourneyDescriptor[] = [cartAbandonment, welcome, reviewRequest];

export function eventTypesForTemporal(): Set<string> {
  const types = new Set<string>(stageEventTypes);
  for (const journey of journeyRegistry) {
    types.add(journey.trigger.event);
    for (const rule of journey.exitOn) types.add(rule.event);
    for (const event of journey.waitsFor) types.add(event);
  }
  return types;
}
