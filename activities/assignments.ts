/**
 * Records a journey entry's holdout/A-B assignment: in PostgreSQL for holdout reports, and
 * on `journey-outcomes` beside the sends. Idempotent: a retry or replay records nothing new.
 */
import type { Db } from '../services/platform/db/pool.ts';
import type { OutcomePublisher } from '../services/platform/kafka/journey-outcomes.ts';

export interface AssignmentRequest {
  customerId: string;
  journeyId: string;
  workflowId: string;
  experimentId: string | null;
  holdout: boolean;
  variant: string | null;
  /** The journey's clock at entry (ISO). */
  at: string;
}

export function createAssignmentActivities(deps: { db: Db; outcomes: OutcomePublisher }) {
  return {
    async recordAssignment(request: AssignmentRequest): Promise<void> {
      const { customerId, journeyId, workflowId, experimentId, holdout, variant, at } = request;
      await deps.db.query(
        `insert into journey_assignments (workflow_id, customer_id, journey_id, experiment_id, holdout, variant, assigned_at)
         values ($1, $2, $3, $4, $5, $6, $7) on conflict (workflow_id) do nothing`,
        [workflowId, customerId, journeyId, experimentId, holdout, variant, at],
      );
      await deps.outcomes.publish({
        outcomeId: `${workflowId}/assignment`,
        customerId,
        journeyId,
        workflowId,
        step: 'assignment',
        status: 'assigned',
        arm: holdout ? 'holdout' : 'treated',
        ...(variant ? { variant } : {}),
        ...(experimentId ? { experimentId } : {}),
        at: new Date().toISOString(),
      });
    },
  };
}
