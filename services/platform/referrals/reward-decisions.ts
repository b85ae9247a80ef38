/**
 * Deciding a referee's first order once (migration 024): the facts are read and the decision
 * recorded under a lock on the referrer, so two referees converting at once number their
 * rewards 1 and 2, never 1 and 1. Asked again (a retried activity, a replayed workflow) it
 * answers the recorded decision, and the `Referral Rewarded` event keeps one id per referee.
 */
import type pg from 'pg';
import type { CustomerEventEnvelope } from '../../../schemas/envelope.ts';
import { ReferralRewarded } from '../../../schemas/events/referrals.ts';
import type { Money } from '../../../schemas/primitives.ts';
import { customerIdNow } from '../db/customers.ts';
import { inTransaction, type Db } from '../db/pool.ts';
import { derivedEventId } from '../kafka/derived-event-id.ts';
import { decideReward, type ProgramRules, type ReferralFacts, type RewardDecision } from './reward-decision.ts';

type Sql = Pick<pg.ClientBase, 'query'>;
export const REFERRAL_EVENT_SOURCE = 'referrals';

export interface ConvertedReferral {
  refereeId: string;
  referralId: string;
  /** As the `Referral Accepted` named the referrer: an id, or their link's code. */
  referrerId?: string;
  referralCode?: string;
  order: { orderId: string; total: Money | null; paymentFingerprint: string | null; at: string };
}

async function resolveReferrer(sql: Sql, referral: ConvertedReferral): Promise<string | null> {
  const named =
    referral.referrerId ??
    (await sql.query<{ customer_id: string }>('select customer_id from referral_codes where code = $1', [referral.referralCode])).rows[0]
      ?.customer_id;
  if (!named) return null;
  const referrerId = await customerIdNow(sql, named);
  const known = await sql.query('select 1 from customers where customer_id = $1', [referrerId]);
  return known.rowCount ? referrerId : null;
}

/** What the fraud checks and the conversion condition look at, for a referrer that exists. */
async function readFacts(sql: Sql, refereeId: string, referrerId: string, referral: ConvertedReferral, now: Date): Promise<ReferralFacts> {
  const { rows } = await sql.query<{
    shares_email: boolean;
    shares_phone: boolean;
    shares_address: boolean;
    shares_card: boolean;
    ordered_before: boolean;
    order_amount: number | null;
    rewards_this_month: number;
    rewards_before: number;
  }>(
    `select
       coalesce(lower(referee.email) = lower(referrer.email), false) as shares_email,
       coalesce(referee.phone = referrer.phone, false) as shares_phone,
       coalesce(referee.address = referrer.address, false) as shares_address,
       $4::text is not null and exists (
         select 1 from events e where e.customer_id = $2 and e.type = 'Order Completed' and e.payload->>'payment_fingerprint' = $4
       ) as shares_card,
       exists (
         select 1 from orders o where o.customer_id = $1 and o.order_id <> $3 and o.completed_at < $5 and o.status <> 'cancelled'
       ) as ordered_before,
       (select round($6::bigint * rate)::bigint from currency_rates where currency = $7) as order_amount,
       (select count(*)::int from referral_decisions where referrer_id = $2 and outcome = 'rewarded'
          and date_trunc('month', decided_at at time zone 'UTC') = date_trunc('month', $8::timestamptz at time zone 'UTC')) as rewards_this_month,
       (select count(*)::int from referral_decisions where referrer_id = $2 and outcome = 'rewarded') as rewards_before
     from (select 1) one
     left join customers referee on referee.customer_id = $1
     left join customers referrer on referrer.customer_id = $2`,
    [
      refereeId,
      referrerId,
      referral.order.orderId,
      referral.order.paymentFingerprint,
      referral.order.at,
      referral.order.total?.amount ?? null,
      referral.order.total?.currency ?? null,
      now,
    ],
  );
  const row = rows[0]!;
  return {
    referrerId,
    sameCustomer: refereeId === referrerId,
    sharesEmail: row.shares_email,
    sharesPhone: row.shares_phone,
    sharesAddress: row.shares_address,
    sharesPaymentCard: row.shares_card,
    orderedBefore: row.ordered_before,
    orderAmount: row.order_amount === null ? null : Number(row.order_amount),
    rewardsThisMonth: row.rewards_this_month,
    rewardsBefore: row.rewards_before,
  };
}

function noReferrerFacts(): ReferralFacts {
  return {
    referrerId: null,
    sameCustomer: false,
    sharesEmail: false,
    sharesPhone: false,
    sharesAddress: false,
    sharesPaymentCard: false,
    orderedBefore: false,
    orderAmount: null,
    rewardsThisMonth: 0,
    rewardsBefore: 0,
  };
}

interface DecisionRow {
  referrer_id: string;
  outcome: 'rewarded' | 'refused';
  reason: string | null;
  referral_number: number | null;
  tier: string | null;
  reward_pool: string | null;
}

const fromRow = (row: DecisionRow): RewardDecision =>
  row.outcome === 'rewarded'
    ? {
        outcome: 'rewarded',
        referrerId: row.referrer_id,
        referralNumber: row.referral_number!,
        tier: row.tier!,
        rewardPool: row.reward_pool!,
      }
    : { outcome: 'refused', referrerId: row.referrer_id || null, reason: row.reason as never };

/** The referrer's `Referral Rewarded`, one id per referee. */
export function referralRewarded(
  referral: ConvertedReferral,
  refereeId: string,
  decision: Extract<RewardDecision, { outcome: 'rewarded' }>,
  at: string,
): CustomerEventEnvelope {
  return {
    eventId: derivedEventId('referral-rewarded', refereeId),
    customerId: decision.referrerId,
    type: ReferralRewarded.name,
    version: ReferralRewarded.version,
    occurredAt: at,
    receivedAt: at,
    source: REFERRAL_EVENT_SOURCE,
    payload: {
      referral_id: referral.referralId,
      referee_id: refereeId,
      order_id: referral.order.orderId,
      referral_number: decision.referralNumber,
      tier: decision.tier,
      reward_pool: decision.rewardPool,
    },
  };
}

/** Decides the referee's first order once and records it; the same answer every time after. */
export async function decideReferral(db: Db, referral: ConvertedReferral, rules: ProgramRules, now: Date): Promise<RewardDecision> {
  return inTransaction(db, async (client) => {
    const refereeId = await customerIdNow(client, referral.refereeId);
    const referrerId = await resolveReferrer(client, referral);
    // One referrer's decisions one at a time: their count of rewards is read, then raised.
    await client.query('select pg_advisory_xact_lock(hashtext($1))', [`referrer:${referrerId ?? ''}`]);
    const earlier = await client.query<DecisionRow>(
      'select referrer_id, outcome, reason, referral_number, tier, reward_pool from referral_decisions where referee_id = $1',
      [refereeId],
    );
    if (earlier.rows[0]) return fromRow(earlier.rows[0]);
    const facts = referrerId === null ? noReferrerFacts() : await readFacts(client, refereeId, referrerId, referral, now);
    const decision = decideReward(facts, rules);
    await client.query(
      `insert into referral_decisions (referee_id, referrer_id, referral_id, order_id, outcome, reason, referral_number, tier, reward_pool, decided_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        refereeId,
        decision.referrerId ?? '',
        referral.referralId,
        referral.order.orderId,
        decision.outcome,
        decision.outcome === 'refused' ? decision.reason : null,
        decision.outcome === 'rewarded' ? decision.referralNumber : null,
        decision.outcome === 'rewarded' ? decision.tier : null,
        decision.outcome === 'rewarded' ? decision.rewardPool : null,
        now,
      ],
    );
    return decision;
  });
}
