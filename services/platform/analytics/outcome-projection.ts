/**
 * Projects journey outcomes (`journey-outcomes`) into the analytics tables (migration 026):
 * an entry per journey run, a row per send decision, where each customer is now and which
 * steps an order could be credited to. Every write is idempotent (outcome ids, workflow ids),
 * so a batch read again or a rebuild that overlaps the live consumer changes nothing.
 * Outcomes of one run may arrive in any order (a send decided before its entry was
 * published, on a retry): a step or an end that comes first creates the entry from what it
 * knows, and the entry's own outcome completes it.
 */
import type { KafkaMessage } from 'kafkajs';
import { JourneyOutcome } from '../../../schemas/outcomes.ts';
import type { Queryable } from '../db/pool.ts';

/** Advisory lock key: live batches share it, a rebuild takes it alone. */
export const ANALYTICS_LOCK = 7_015_001;

/** Projects a batch's valid outcomes; returns the offsets of those that are not outcomes. */
export async function projectOutcomeMessages(db: Queryable, messages: KafkaMessage[]): Promise<string[]> {
  const invalid: string[] = [];
  for (const message of messages) {
    const parsed = parseOutcome(message);
    if (parsed === undefined) invalid.push(message.offset);
    else await projectOutcome(db, parsed);
  }
  return invalid;
}

function parseOutcome(message: KafkaMessage): JourneyOutcome | undefined {
  try {
    const parsed = JourneyOutcome.safeParse(JSON.parse(message.value?.toString('utf8') ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function projectOutcome(db: Queryable, outcome: JourneyOutcome): Promise<void> {
  switch (outcome.status) {
    case 'entered':
    case 'assigned': // runs from before entries were published: their assignment is their entry
      return projectEntry(db, outcome);
    case 'completed':
    case 'exited':
      await ensureEntry(db, outcome);
      await db.query(`update journey_entries set ended = $2, exit_reason = $3, ended_at = $4 where workflow_id = $1`, [
        outcome.workflowId,
        outcome.status,
        outcome.reason ?? null,
        outcome.at,
      ]);
      return;
    default:
      return projectStep(db, outcome);
  }
}

async function projectEntry(db: Queryable, outcome: JourneyOutcome): Promise<void> {
  const { workflowId, customerId, journeyId, at } = outcome;
  await db.query(
    `insert into journey_entries as e (workflow_id, customer_id, journey_id, arm, experiment_id, variant, entered_at, current_step_at)
     values ($1, $2, $3, $4, $5, $6, $7, $7)
     on conflict (workflow_id) do update
       set arm = excluded.arm, experiment_id = excluded.experiment_id, variant = excluded.variant,
           entered_at = least(e.entered_at, excluded.entered_at)`,
    [workflowId, customerId, journeyId, outcome.arm ?? 'treated', outcome.experimentId ?? null, outcome.variant ?? null, at],
  );
  // Steps projected before their entry carry the time they guessed it by.
  await db.query(`update journey_step_outcomes set entered_at = $2 where workflow_id = $1 and entered_at > $2`, [workflowId, at]);
}

async function projectStep(db: Queryable, outcome: JourneyOutcome): Promise<void> {
  const { workflowId, at, step } = outcome;
  await ensureEntry(db, outcome);
  const inserted = await db.query(
    `insert into journey_step_outcomes (outcome_id, workflow_id, journey_id, customer_id, step, channel, status, reason, at, entered_at)
     select $1, $2, $3, $4, $5, $6, $7, $8, $9, entered_at from journey_entries where workflow_id = $2
     on conflict (outcome_id) do nothing`,
    [
      outcome.outcomeId,
      workflowId,
      outcome.journeyId,
      outcome.customerId,
      step,
      outcome.channel ?? null,
      outcome.status,
      outcome.reason ?? null,
      at,
    ],
  );
  if (inserted.rowCount === 0) return;
  // A message got, or one the holdout would have got: what a later order is credited to.
  const credited = outcome.status === 'sent' || outcome.reason === 'holdout';
  await db.query(
    `update journey_entries
     set current_step = case when current_step_at <= $3 then $2 else current_step end,
         current_step_at = greatest(current_step_at, $3),
         credited_steps = case when $4 then credited_steps || $2::text else credited_steps end,
         credited_at = case when $4 then credited_at || $3::timestamptz else credited_at end
     where workflow_id = $1`,
    [workflowId, step, at, credited],
  );
}

/**
 * The entry a step or an end belongs to, when its own outcome has not arrived (or never
 * will: runs from before entries were published, without an assignment). A holdout skip
 * says the arm; the entry's own outcome, if it comes, corrects the rest.
 */
async function ensureEntry(db: Queryable, outcome: JourneyOutcome): Promise<void> {
  await db.query(
    `insert into journey_entries (workflow_id, customer_id, journey_id, arm, entered_at, current_step_at)
     values ($1, $2, $3, $4, $5, $5) on conflict (workflow_id) do nothing`,
    [outcome.workflowId, outcome.customerId, outcome.journeyId, outcome.reason === 'holdout' ? 'holdout' : 'treated', outcome.at],
  );
}

/** The tables a rebuild empties and fills again from the topic. */
export const analyticsTables = ['journey_entries', 'journey_step_outcomes'] as const;
