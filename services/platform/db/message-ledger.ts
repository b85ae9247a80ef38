/**
 * The message ledger (invariant 2: each journey step sends at most one message). A send
 * reserves its row before calling the provider; a retry or a replay that finds the row
 * returns what was decided then and never calls the provider again.
 */
import type { Channel, Money, Purpose } from '../../../schemas/primitives.ts';
import type { Queryable } from './pool.ts';

export type LedgerStatus = 'sending' | 'sent' | 'skipped' | 'failed' | 'cancelled';

export interface LedgerEntry {
  idempotencyKey: string;
  customerId: string;
  journeyId: string;
  workflowId: string;
  step: string;
  channel: Channel;
  purpose: Purpose;
  status: LedgerStatus;
  reason: string | null;
  providerMessageId: string | null;
  /** Journey time of the send (set when reserved); what frequency caps count. */
  sentAt: Date | null;
  /** What the piece cost (direct mail). */
  cost: Money | null;
  /** Until when the provider can still stop it (direct mail). */
  cancellableUntil: Date | null;
}

type Row = {
  idempotency_key: string;
  customer_id: string;
  journey_id: string;
  workflow_id: string;
  step: string;
  channel: Channel;
  purpose: Purpose;
  status: LedgerStatus;
  reason: string | null;
  provider_message_id: string | null;
  sent_at: Date | null;
  cost_minor: string | null;
  cost_currency: string | null;
  cancellable_until: Date | null;
};

const toEntry = (row: Row): LedgerEntry => ({
  idempotencyKey: row.idempotency_key,
  customerId: row.customer_id,
  journeyId: row.journey_id,
  workflowId: row.workflow_id,
  step: row.step,
  channel: row.channel,
  purpose: row.purpose,
  status: row.status,
  reason: row.reason,
  providerMessageId: row.provider_message_id,
  sentAt: row.sent_at,
  cost: row.cost_minor !== null && row.cost_currency !== null ? { amount: Number(row.cost_minor), currency: row.cost_currency } : null,
  cancellableUntil: row.cancellable_until,
});

/** The key providers and the ledger share: stable across activity retries and workflow replays. */
export const idempotencyKeyOf = (workflowId: string, step: string) => `${workflowId}/${step}`;

export async function findMessage(db: Queryable, idempotencyKey: string): Promise<LedgerEntry | null> {
  const { rows } = await db.query<Row>('select * from messages where idempotency_key = $1', [idempotencyKey]);
  return rows[0] ? toEntry(rows[0]) : null;
}

/**
 * The message a tracked link names (services/platform/engagement/tracked-links.ts: 12 bytes
 * of the md5 of its key, in hex). Null when the ledger holds none, or, should two keys ever
 * share those bytes, more than one: a click is never credited to the wrong message.
 */
export async function findMessageByRef(db: Queryable, messageRef: string): Promise<LedgerEntry | null> {
  const { rows } = await db.query<Row>('select * from messages where substr(md5(idempotency_key), 1, 24) = $1 limit 2', [messageRef]);
  return rows.length === 1 ? toEntry(rows[0]!) : null;
}

export type NewEntry = Omit<LedgerEntry, 'status' | 'reason' | 'providerMessageId' | 'sentAt' | 'cost' | 'cancellableUntil'>;

/**
 * Records a decision for a step that has none yet: a skip with its reason, or the
 * reservation of a send at `sentAt`. Returns null when the row is new, or the row another
 * attempt wrote first (the unique key makes concurrent attempts agree).
 */
export async function recordMessage(
  db: Queryable,
  entry: NewEntry,
  decision: { status: 'skipped'; reason: string } | { status: 'sending'; sentAt: Date },
): Promise<LedgerEntry | null> {
  const { rowCount } = await db.query(
    `insert into messages (idempotency_key, customer_id, journey_id, workflow_id, step, channel, purpose, status, reason, sent_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict (idempotency_key) do nothing`,
    [
      entry.idempotencyKey,
      entry.customerId,
      entry.journeyId,
      entry.workflowId,
      entry.step,
      entry.channel,
      entry.purpose,
      decision.status,
      decision.status === 'skipped' ? decision.reason : null,
      decision.status === 'sending' ? decision.sentAt : null,
    ],
  );
  return rowCount === 1 ? null : findMessage(db, entry.idempotencyKey);
}

/**
 * Serialises the cap check and the reservation of one customer's sends on one channel
 * (until the transaction ends), so two journeys cannot both take the last slot.
 */
export async function lockCustomerChannel(client: Queryable, customerId: string, channel: Channel): Promise<void> {
  await client.query('select pg_advisory_xact_lock(hashtext($1))', [`send-policy/${customerId}/${channel}`]);
}

/** The customer's marketing sends on the channel since `since` (attempts whose fate is unknown count). */
export async function recentSendTimes(db: Queryable, customerId: string, channel: Channel, since: Date): Promise<Date[]> {
  const { rows } = await db.query<{ sent_at: Date }>(
    `select sent_at from messages
     where customer_id = $1 and channel = $2 and status in ('sending', 'sent') and purpose = 'marketing' and sent_at > $3`,
    [customerId, channel, since],
  );
  return rows.map((row) => row.sent_at);
}

/** What the provider's acceptance tells the ledger beyond its id. */
export interface Accepted {
  providerMessageId: string;
  cost?: Money;
  cancellableUntil?: Date;
}

/** The provider answered: 'sending' becomes 'sent' or 'failed'. */
export async function completeMessage(
  db: Queryable,
  idempotencyKey: string,
  result: ({ status: 'sent' } & Accepted) | { status: 'failed'; reason: string },
): Promise<void> {
  const sent = result.status === 'sent' ? result : null;
  await db.query(
    `update messages set status = $2, provider_message_id = $3, reason = $4, cost_minor = $5, cost_currency = $6, cancellable_until = $7, updated_at = now()
     where idempotency_key = $1 and status = 'sending'`,
    [
      idempotencyKey,
      result.status,
      sent?.providerMessageId ?? null,
      result.status === 'failed' ? result.reason : null,
      sent?.cost?.amount ?? null,
      sent?.cost?.currency ?? null,
      sent?.cancellableUntil ?? null,
    ],
  );
}

/** A sent piece stopped before it was produced. Returns false when the row was not 'sent'. */
export async function markCancelled(db: Queryable, idempotencyKey: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `update messages set status = 'cancelled', updated_at = now() where idempotency_key = $1 and status = 'sent'`,
    [idempotencyKey],
  );
  return rowCount === 1;
}

/** The provider certainly did not accept the message: free the step for the retry. */
export async function releaseMessage(db: Queryable, idempotencyKey: string): Promise<void> {
  await db.query(`delete from messages where idempotency_key = $1 and status = 'sending'`, [idempotencyKey]);
}
