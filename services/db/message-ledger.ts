/**
 * The message ledger (invariant 2: each journey step sends at most one message). A send
 * reserves its row before calling the provider; a retry or a replay that finds the row
 * returns what was decided then and never calls the provider again.
 */
import type { Channel } from '../../schemas/primitives.ts';
import type { Db } from './pool.ts';

export type LedgerStatus = 'sending' | 'sent' | 'skipped' | 'failed';

export interface LedgerEntry {
  idempotencyKey: string;
  customerId: string;
  journeyId: string;
  workflowId: string;
  step: string;
  channel: Channel;
  status: LedgerStatus;
  reason: string | null;
  providerMessageId: string | null;
}

type Row = {
  idempotency_key: string;
  customer_id: string;
  journey_id: string;
  workflow_id: string;
  step: string;
  channel: Channel;
  status: LedgerStatus;
  reason: string | null;
  provider_message_id: string | null;
};

const toEntry = (row: Row): LedgerEntry => ({
  idempotencyKey: row.idempotency_key,
  customerId: row.customer_id,
  journeyId: row.journey_id,
  workflowId: row.workflow_id,
  step: row.step,
  channel: row.channel,
  status: row.status,
  reason: row.reason,
  providerMessageId: row.provider_message_id,
});

/** The key providers and the ledger share: stable across activity retries and workflow replays. */
export const idempotencyKeyOf = (workflowId: string, step: string) => `${workflowId}/${step}`;

export async function findMessage(db: Db, idempotencyKey: string): Promise<LedgerEntry | null> {
  const { rows } = await db.query<Row>('select * from messages where idempotency_key = $1', [idempotencyKey]);
  return rows[0] ? toEntry(rows[0]) : null;
}

export type NewEntry = Omit<LedgerEntry, 'status' | 'reason' | 'providerMessageId'>;

/**
 * Records a decision for a step that has none yet. Returns null when the row is new, or
 * the row another attempt wrote first (the unique key makes concurrent attempts agree).
 */
export async function recordMessage(db: Db, entry: NewEntry, status: LedgerStatus, reason: string | null = null): Promise<LedgerEntry | null> {
  const { rowCount } = await db.query(
    `insert into messages (idempotency_key, customer_id, journey_id, workflow_id, step, channel, status, reason)
     values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (idempotency_key) do nothing`,
    [entry.idempotencyKey, entry.customerId, entry.journeyId, entry.workflowId, entry.step, entry.channel, status, reason],
  );
  return rowCount === 1 ? null : findMessage(db, entry.idempotencyKey);
}

/** The provider answered: 'sending' becomes 'sent' or 'failed'. */
export async function completeMessage(db: Db, idempotencyKey: string, result: { status: 'sent'; providerMessageId: string } | { status: 'failed'; reason: string }): Promise<void> {
  await db.query(
    `update messages set status = $2, provider_message_id = $3, reason = $4, updated_at = now()
     where idempotency_key = $1 and status = 'sending'`,
    [idempotencyKey, result.status, result.status === 'sent' ? result.providerMessageId : null, result.status === 'failed' ? result.reason : null],
  );
}

/** The provider certainly did not accept the message: free the step for the retry. */
export async function releaseMessage(db: Db, idempotencyKey: string): Promise<void> {
  await db.query(`delete from messages where idempotency_key = $1 and status = 'sending'`, [idempotencyKey]);
}
