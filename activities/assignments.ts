/**
 * Records a journey entry's holdout/A-B assignment: in PostgreSQL for holdout reports, and
 * on `journey-outcomes` beside the sends. Idempotent: a retry or replay records nothing new.
 */
import { recordJourneyAssignment, type JourneyAssignment } from '../services/platform/db/journey-assignments.ts';
import type { Db } from '../services/platform/db/pool.ts';
import type { OutcomePublisher } from '../services/platform/kafka/journey-outcomes.ts';

export type AssignmentRequest = JourneyAssignment;

export function createAssignmentActivities(deps: { db: Db; outcomes: OutcomePublisher }) {
  return {
    async recordAssignment(request: AssignmentRequest): Promise<void> {
      const { customerId, journeyId, workflowId, experimentId, holdout, variant } = request;
      await recordJourneyAssignment(deps.db, request);
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
