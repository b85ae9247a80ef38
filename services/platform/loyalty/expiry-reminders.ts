/**
 * What the points-expiry reminders announced (migration 027), so that a customer who earns
 * every week is not told of the same points by every week's run: a reminder announces the
 * points expiring over a span, and a later run of the same step whose points all fall inside
 * a reminder that went out stays silent. Whether it went out is the message ledger's answer
 * (migration 003): consent, an address or a failed provider may have stopped it.
 */
import type pg from 'pg';

type Sql = Pick<pg.ClientBase, 'query'>;

/** A reminder of a run: the points expiring from `from` until (before) `until`, as the ledger held them at `countedAt`. */
export interface AnnouncedSpan {
  workflowId: string;
  step: string;
  customerId: string;
  from: Date;
  until: Date;
  countedAt: Date;
}

/**
 * The reminder of `step` another run sent the customer (the holdout's: recorded for them,
 * not sent) that announced every point still held that expires from `first` to `last`:
 * its span holds them, and it counted after the latest of them was earned (a shop's bonus
 * earned since, expiring inside the span, was not in it). The one reaching furthest; null
 * when none did.
 */
export async function findCoveringReminder(
  sql: Sql,
  request: { customerId: string; workflowId: string; step: string; first: Date; last: Date; holdout: boolean; now: Date },
): Promise<{ workflowId: string; until: Date } | null> {
  const { rows } = await sql.query<{ workflow_id: string; covers_until: Date }>(
    `select r.workflow_id, r.covers_until from points_expiry_reminders r
     -- The step's row in the message ledger: its idempotency key is the workflow id and the step (idempotencyKeyOf).
     join messages m on m.idempotency_key = r.workflow_id || '/' || r.step
     where r.customer_id = $1 and r.step = $2 and r.workflow_id <> $3
       and r.covers_from <= $4 and r.covers_until > $5 and r.counted_at <= $7
       and r.counted_at >= coalesce(
         (select max(earned_at) from loyalty_lots
          where customer_id = $1 and remaining > 0 and expires_at >= $4 and expires_at <= $5), '-infinity')
       and (case when $6 then m.status = 'skipped' and m.reason = 'holdout' else m.status in ('sending', 'sent') end)
     order by r.covers_until desc limit 1`,
    [request.customerId, request.step, request.workflowId, request.first, request.last, request.holdout, request.now],
  );
  const row = rows[0];
  return row ? { workflowId: row.workflow_id, until: row.covers_until } : null;
}

/** Records what a run's reminder announces, before it goes; a retry keeps the first record. */
export async function recordAnnouncedSpan(sql: Sql, span: AnnouncedSpan): Promise<void> {
  await sql.query(
    `insert into points_expiry_reminders (workflow_id, step, customer_id, covers_from, covers_until, counted_at)
     values ($1, $2, $3, $4, $5, $6) on conflict (workflow_id, step) do nothing`,
    [span.workflowId, span.step, span.customerId, span.from, span.until, span.countedAt],
  );
}
