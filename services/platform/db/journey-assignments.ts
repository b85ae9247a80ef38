/** Holdout and A/B assignments of journey entries, kept for holdout reports (migration 007). */
import type { Db } from './pool.ts';

export interface JourneyAssignment {
  workflowId: string;
  customerId: string;
  journeyId: string;
  experimentId: string | null;
  holdout: boolean;
  variant: string | null;
  /** The journey's clock at entry (ISO). */
  at: string;
}

/** Once per journey run: a retry or replay records nothing new. */
export async function recordJourneyAssignment(db: Db, assignment: JourneyAssignment): Promise<void> {
  const { workflowId, customerId, journeyId, experimentId, holdout, variant, at } = assignment;
  await db.query(
    `insert into journey_assignments (workflow_id, customer_id, journey_id, experiment_id, holdout, variant, assigned_at)
     values ($1, $2, $3, $4, $5, $6, $7) on conflict (workflow_id) do nothing`,
    [workflowId, customerId, journeyId, experimentId, holdout, variant, at],
  );
}
