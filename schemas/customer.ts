/**
 * The customer workflow's contract: its input (carried across continue-as-new) and the
 * state it answers queries with (the CLI and tests read it).
 */
export const lifecycleStages = ['awareness', 'acquisition', 'conversion', 'retention', 'loyalty'] as const;
export type LifecycleStage = (typeof lifecycleStages)[number];

export interface ActiveJourney {
  workflowId: string;
  journeyId: string;
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
}

export interface CustomerWorkflowInput {
  customerId: string;
  /** Set only by continue-as-new. */
  carried?: CustomerState;
}
