/** One customer's journey entries, newest first, as the analytics tables have them (migration 026). */
import type { Queryable } from '../db/pool.ts';

export interface CustomerEntry {
  journeyId: string;
  workflowId: string;
  arm: 'treated' | 'holdout';
  variant: string | null;
  enteredAt: Date;
  /** Null while the customer is in it. */
  ended: 'completed' | 'exited' | null;
  exitReason: string | null;
  endedAt: Date | null;
  /** The last step decided for it. */
  currentStep: string;
}

export async function customerEntries(db: Queryable, customerId: string, limit = 100): Promise<CustomerEntry[]> {
  const { rows } = await db.query<{
    journey_id: string;
    workflow_id: string;
    arm: 'treated' | 'holdout';
    variant: string | null;
    entered_at: Date;
    ended: 'completed' | 'exited' | null;
    exit_reason: string | null;
    ended_at: Date | null;
    current_step: string;
  }>(
    `select journey_id, workflow_id, arm, variant, entered_at, ended, exit_reason, ended_at, current_step
     from journey_entries where customer_id = $1 order by entered_at desc limit $2`,
    [customerId, limit],
  );
  return rows.map((row) => ({
    journeyId: row.journey_id,
    workflowId: row.workflow_id,
    arm: row.arm,
    variant: row.variant,
    enteredAt: row.entered_at,
    ended: row.ended,
    exitReason: row.exit_reason,
    endedAt: row.ended_at,
    currentStep: row.current_step,
  }));
}
