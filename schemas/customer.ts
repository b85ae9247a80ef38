/**
 * The customer workflow's contract: its input (carried across continue-as-new) and the
 * state it answers queries with (the CLI and tests read it).
 */
export const lifecycleStages = ['awareness', 'acquisition', 'conversion', 'retention', 'loyalty'] as const;
export type LifecycleStage = (typeof lifecycleStages)[number];

export interface ActiveJourney {
  workflowId: string;
  journeyId: string;
  /** The entry key of its workflow id (a cart id…); absent in runs from before identity merges. */
  key?: string;
}

/** How often and when a customer entered one journey (its re-entry rule reads it). */
export interface Entries {
  count: number;
  /** Workflow time of the last entry (ms). */
  lastAt: number;
}

export interface CustomerState {
  lifecycleStage: LifecycleStage;
  activeJourneys: ActiveJourney[];
  /** Most recent event ids, oldest first: Kafka redelivers, and a repeat must not act twice. */
  recentEventIds: string[];
  /** Events acted on, over the customer's lifetime (all runs): each event counts once. */
  eventsApplied: number;
  /** Redelivered events recognised and ignored, over all runs. */
  repeatsIgnored: number;
  /** Per journey id: how often and when the customer entered (re-entry rules). */
  journeyEntries: Record<string, Entries>;
  /** `journeyId/key` of the latest entries, so that a customer merged into another hands them over. */
  entryKeys?: string[];
  /** `journeyId/key` entered under ids merged into this customer: not entered again under this id. */
  mergedEntryKeys?: string[];
  /** Ids merged into this customer (anonymous visitors who logged in, aliases). */
  mergedFrom?: string[];
  /** This id is now that customer: its events and journeys went there, and later ones follow. */
  mergedInto?: string;
}

/**
 * What a customer merged into another hands over to it (workflows/lib/identity.ts). Not
 * accepted when the id is someone else's already (it merges once) or the merge would
 * join a customer to itself: then nothing moves.
 */
export interface Handover {
  from: string;
  accepted: boolean;
  lifecycleStage: LifecycleStage;
  activeJourneys: ActiveJourney[];
  journeyEntries: Record<string, Entries>;
  entryKeys: string[];
  mergedFrom: string[];
}

export interface CustomerWorkflowInput {
  customerId: string;
  /** Set only by continue-as-new. */
  carried?: CustomerState;
}
