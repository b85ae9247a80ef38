/**
 * Records a journey entry: its holdout/A-B assignment in PostgreSQL for holdout reports, and
 * on `journey-outcomes` that it entered (with its arm) and how it ended, beside the sends,
 * so the journey reports count entries and exits from facts. Idempotent: a retry or replay
 * records nothing new (the outcome ids are the workflow id's).
 */
import { recordJourneyAssignment, type JourneyAssignment } from '../services/platform/db/journey-assignments.ts';
import type { Db } from '../services/platform/db/pool.ts';
import type { OutcomePublisher } from '../services/platform/kafka/journey-outcomes.ts';

export type AssignmentRequest = JourneyAssignment;

export interface EntryRequest extends AssignmentRequest {
  /** Whether the journey assigns at all (a holdout or an experiment); else no assignment row. */
  assigns: boolean;
}

export interface EndRequest {
  customerId: string;
  journeyId: string;
  workflowId: string;
  outcome: 'completed' | 'exited';
  /** Why the customer left (for 'exited'). */
  reason?: string;
  at: string;
}

export function createAssignmentActivities(deps: { db: Db; outcomes: OutcomePublisher }) {
  const armOf = ({ holdout, variant, experimentId }: AssignmentRequest) => ({
    arm: holdout ? ('holdout' as const) : ('treated' as const),
    ...(variant ? { variant } : {}),
    ...(experimentId ? { experimentId } : {}),
  });
  return {
    /** Before journeys published their entries (histories from then replay with it). */
    async recordAssignment(request: AssignmentRequest): Promise<void> {
      const { customerId, journeyId, workflowId } = request;
      await recordJourneyAssignment(deps.db, request);
      await deps.outcomes.publish({
        outcomeId: `${workflowId}/assignment`,
        customerId,
        journeyId,
        workflowId,
        step: 'assignment',
        status: 'assigned',
        ...armOf(request),
        at: new Date().toISOString(),
      });
    },

    /** The customer entered: their arm (treated when the journey holds nobody out). */
    async recordJourneyEntered(request: EntryRequest): Promise<void> {
      const { customerId, journeyId, workflowId, assigns, at } = request;
      if (assigns) await recordJourneyAssignment(deps.db, request);
      await deps.outcomes.publish({
        outcomeId: `${workflowId}/entered`,
        customerId,
        journeyId,
        workflowId,
        step: 'entry',
        status: 'entered',
        ...armOf(request),
        at,
      });
    },

    async recordJourneyEnded(request: EndRequest): Promise<void> {
      const { customerId, journeyId, workflowId, outcome, reason, at } = request;
      await deps.outcomes.publish({
        outcomeId: `${workflowId}/${outcome}`,
        customerId,
        journeyId,
        workflowId,
        step: 'end',
        status: outcome,
        ...(reason ? { reason } : {}),
        at,
      });
    },
  };
}
