/**
 * The customer workflow's state: pure functions, carried across continue-as-new.
 */
import { lifecycleStages, type CustomerState, type LifecycleStage } from '../../schemas/customer.ts';
import type { CustomerEventEnvelope } from '../../schemas/envelope.ts';
import { LOYALTY_PROGRAM_SOURCE } from '../../schemas/loyalty.ts';

/** Enough to cover any redelivery window of the router (a Kafka batch is far smaller). */
export const RECENT_EVENT_IDS_KEPT = 2_000;

export function initialCustomerState(): CustomerState {
  return { lifecycleStage: 'awareness', activeJourneys: [], recentEventIds: [], eventsApplied: 0, repeatsIgnored: 0, journeyEntries: {} };
}

/** Returns false when the event was already seen (and counts the repeat); otherwise remembers it. */
export function rememberEvent(state: CustomerState, eventId: string, seen: Set<string>): boolean {
  if (seen.has(eventId)) {
    state.repeatsIgnored += 1;
    return false;
  }
  seen.add(eventId);
  state.recentEventIds.push(eventId);
  while (state.recentEventIds.length > RECENT_EVENT_IDS_KEPT) {
    const forgotten = state.recentEventIds.shift();
    if (forgotten !== undefined) seen.delete(forgotten);
  }
  return true;
}

// The stage an event proves the customer has reached; stages only move forward.
const stageReachedBy: Partial<Record<string, LifecycleStage>> = {
  Identify: 'acquisition',
  'Checkout Started': 'conversion',
  'Order Completed': 'retention',
  // Taking part in the loyalty programme (a shop's own points, or a tier reached) or referring friends.
  'Loyalty Points Earned': 'loyalty',
  'Loyalty Tier Changed': 'loyalty',
  'Referral Sent': 'loyalty',
};

/** Events that can move a customer to a later stage. */
export const stageEventTypes: readonly string[] = Object.keys(stageReachedBy);

export function advanceStage(current: LifecycleStage, event: CustomerEventEnvelope): LifecycleStage {
  const reached = stageReachedBy[event.type];
  if (!reached) return current;
  // Our program credits every order: its points mark a buyer, not a member. The tier does
  // that. (No history holds such an event from before: the program writes them since 023.)
  if (event.type === 'Loyalty Points Earned' && event.source === LOYALTY_PROGRAM_SOURCE) return current;
  return lifecycleStages.indexOf(reached) > lifecycleStages.indexOf(current) ? reached : current;
}
