/**
 * Identity merges in the customer workflow, as pure functions over its state. When an
 * anonymous visitor logs in, `Identities Merged` reaches the customer's workflow; the router
 * tells the visitor's workflow to merge into it, and that workflow hands over its stage,
 * running journeys and entries, then forwards whatever comes to it later. The rules match
 * the projector's (services/processes/projector/merge-identities.ts): an id merges once, and
 * never into itself.
 */
import type { KnownEventName } from '../../schemas/catalog.ts';
import { lifecycleStages, type CustomerState, type Handover } from '../../schemas/customer.ts';

export const identitiesMergedEvent = 'Identities Merged' satisfies KnownEventName;

/** How long the customer waits for a merged id's handover before it goes on without it. */
export const HANDOVER_WAIT = '10 minutes';

/** Enough for every key a journey could still be re-entered with (carts of the last weeks). */
export const ENTRY_KEYS_KEPT = 500;

const keep = (keys: string[]) => keys.slice(-ENTRY_KEYS_KEPT);

export const entryKeyOf = (journeyId: string, key: string) => `${journeyId}/${key}`;

/** Records an entry's key, for a handover should this customer be merged later. */
export function rememberEntryKey(state: CustomerState, journeyId: string, key: string): void {
  state.entryKeys = keep([...(state.entryKeys ?? []), entryKeyOf(journeyId, key)]);
}

/** An id merged into this customer entered the journey with this key already. */
export function enteredUnderMergedId(state: CustomerState, journeyId: string, key: string): boolean {
  return state.mergedEntryKeys?.includes(entryKeyOf(journeyId, key)) ?? false;
}

/**
 * The merged customer's answer to "merge into `into`", and its state after it: everything it
 * runs moves to `into`, and it keeps only the forwarding address.
 */
export function handOver(state: CustomerState, self: string, into: string): Handover {
  const accepted = state.mergedInto === undefined && into !== self && !(state.mergedFrom ?? []).includes(into);
  const handover: Handover = {
    from: self,
    accepted,
    lifecycleStage: state.lifecycleStage,
    activeJourneys: accepted ? state.activeJourneys : [],
    journeyEntries: accepted ? state.journeyEntries : {},
    entryKeys: accepted ? (state.entryKeys ?? []) : [],
    mergedFrom: accepted ? (state.mergedFrom ?? []) : [],
  };
  if (accepted) {
    state.mergedInto = into;
    state.activeJourneys = [];
  }
  return handover;
}

/**
 * Takes in a handover. Returns the adopted journeys that duplicate one this customer runs
 * already (the same journey and key: a cart checked out again after login), which the
 * caller cancels so the customer hears about the cart once.
 */
export function adopt(state: CustomerState, handover: Handover): { duplicates: string[] } {
  if (!handover.accepted || (state.mergedFrom ?? []).includes(handover.from)) return { duplicates: [] };
  state.mergedFrom = [...(state.mergedFrom ?? []), handover.from, ...handover.mergedFrom];
  if (lifecycleStages.indexOf(handover.lifecycleStage) > lifecycleStages.indexOf(state.lifecycleStage)) {
    state.lifecycleStage = handover.lifecycleStage;
  }
  for (const [journeyId, theirs] of Object.entries(handover.journeyEntries)) {
    const ours = state.journeyEntries[journeyId];
    state.journeyEntries[journeyId] = ours ? { count: ours.count + theirs.count, lastAt: Math.max(ours.lastAt, theirs.lastAt) } : theirs;
  }
  const adoptedKeys = [...handover.entryKeys, ...handover.activeJourneys.flatMap((j) => (j.key ? [entryKeyOf(j.journeyId, j.key)] : []))];
  state.mergedEntryKeys = keep([...(state.mergedEntryKeys ?? []), ...adoptedKeys]);

  const duplicates: string[] = [];
  for (const journey of handover.activeJourneys) {
    const runsAlready = state.activeJourneys.some((ours) => ours.journeyId === journey.journeyId && ours.key === journey.key);
    if (journey.key !== undefined && runsAlready) duplicates.push(journey.workflowId);
    else state.activeJourneys.push(journey);
  }
  return { duplicates };
}
