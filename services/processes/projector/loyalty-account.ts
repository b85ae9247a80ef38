/**
 * A customer's standing in the loyalty program (loyalty_accounts, migration 023), judged by
 * the ledger (loyalty-ledger.ts) after each move and at a `Loyalty Tier Review Due`: the tier
 * from what they earned (points, or spend) over the last 12 months, and the highest
 * milestone of their lifetime points. A change is recorded with its event in the outbox,
 * under an id derived from the event that caused it: a replay of the same log decides, and
 * names, the same.
 */
import type pg from 'pg';
import type { CustomerEvent, CustomerEventEnvelope } from '../../../schemas/envelope.ts';
import { LoyaltyMilestoneReached, LoyaltyTierChanged, LOYALTY_PROGRAM_SOURCE } from '../../../schemas/events/loyalty-program.ts';
import { minorUnitDigits } from '../../../schemas/primitives.ts';
import { derivedEventId } from '../../platform/kafka/derived-event-id.ts';
import { addMonthsUtc, milestoneCrossed, tierFor, type LoyaltyRules } from '../../platform/loyalty/program-rules.ts';
import { recordOutboxEvent } from '../../platform/outbox/event-outbox.ts';

type Sql = Pick<pg.ClientBase, 'query'>;

/** An event the loyalty program writes (through the outbox). */
export function programEvent(
  customerId: string,
  eventId: string,
  at: string,
  type: string,
  version: number,
  payload: Record<string, unknown>,
) {
  return { eventId, customerId, type, version, occurredAt: at, receivedAt: at, source: LOYALTY_PROGRAM_SOURCE, payload };
}

/**
 * Serializes one customer's ledger across projector transactions, until this one ends. Batches
 * of several partitions run side by side, and a customer's lots are written from more than
 * their own partition (a refund the back office sends under its own id, a shop's credit):
 * without it, two batches read the same lot's `remaining` and both take from it (the second
 * then breaks `remaining >= 0` and its event is dead-lettered as poison), or judge a tier on
 * a sum the other is changing. Taken before the first read of an operation; taking it again
 * in the same transaction is free.
 */
export async function lockLoyaltyAccount(sql: Sql, customerId: string): Promise<void> {
  await sql.query('select pg_advisory_xact_lock(hashtext($1))', [`loyalty/${customerId}`]);
}

/** The moment a tier would lapse came (`Loyalty Tier Review Due`): judged again as of then. */
export function reviewTier(sql: Sql, due: CustomerEvent<'Loyalty Tier Review Due'>, rules: LoyaltyRules): Promise<void> {
  return judgeAccount(sql, due.customerId, due, rules);
}

/** What the tier is judged on at `at`: net points earned, or net spend in shop units, over the 12 months before. */
async function qualifyingAt(sql: Sql, customerId: string, at: string, rules: LoyaltyRules): Promise<number> {
  const since = addMonthsUtc(new Date(at), -12).toISOString();
  if (rules.tierBasis === 'points') {
    const { rows } = await sql.query<{ points: string }>(
      `select coalesce(sum(points - taken_back), 0)::text as points from loyalty_lots
       where customer_id = $1 and earned_at > $2 and earned_at <= $3`,
      [customerId, since, at],
    );
    return Number(rows[0]!.points);
  }
  const { rows } = await sql.query<{ spent: string; shop: string | null }>(
    `select coalesce(sum(round((o.total_amount - o.refunded_amount) * r.rate)), 0)::text as spent,
       (select currency from currency_rates where shop) as shop
     from orders o join currency_rates r on r.currency = o.currency
     where o.customer_id = $1 and o.status <> 'cancelled' and o.completed_at > $2 and o.completed_at <= $3`,
    [customerId, since, at],
  );
  const row = rows[0]!;
  return row.shop ? Math.floor(Number(row.spent) / 10 ** minorUnitDigits(row.shop)) : 0;
}

/**
 * The customer's tier and milestone, judged as of `cause`: a new tier, or a milestone above
 * the last rewarded, is recorded, and its event goes to the outbox under an id derived from
 * the cause (a replay of the same log decides, and names, the same).
 */
export async function judgeAccount(sql: Sql, customerId: string, cause: CustomerEventEnvelope, rules: LoyaltyRules): Promise<void> {
  await lockLoyaltyAccount(sql, customerId);
  const qualifying = await qualifyingAt(sql, customerId, cause.occurredAt, rules);
  const { rows: lifetime } = await sql.query<{ points: string }>(
    'select coalesce(sum(points - taken_back), 0)::text as points from loyalty_lots where customer_id = $1',
    [customerId],
  );
  const lifetimePoints = Number(lifetime[0]!.points);
  const { rows } = await sql.query<{ tier: string | null; milestone: number }>(
    `insert into loyalty_accounts (customer_id, updated_at) values ($1, $2)
     on conflict (customer_id) do update set updated_at = greatest(loyalty_accounts.updated_at, excluded.updated_at)
     returning tier, milestone`,
    [customerId, cause.occurredAt],
  );
  const account = rows[0]!;
  const tier = tierFor(rules.tiers, qualifying);
  if (tier !== account.tier) {
    await sql.query('update loyalty_accounts set tier = $2, tier_since = $3 where customer_id = $1', [customerId, tier, cause.occurredAt]);
    const rank = (name: string | null) => rules.tiers.findIndex((known) => known.name === name);
    await recordOutboxEvent(
      sql,
      programEvent(
        customerId,
        derivedEventId('loyalty-tier-changed', customerId, cause.eventId),
        cause.occurredAt,
        LoyaltyTierChanged.name,
        LoyaltyTierChanged.version,
        {
          tier,
          previous_tier: account.tier,
          direction: rank(tier) > rank(account.tier) ? 'up' : 'down',
          basis: rules.tierBasis,
          qualifying,
        },
      ),
    );
  }
  const milestone = milestoneCrossed(rules.milestones, lifetimePoints, account.milestone);
  if (milestone !== null) {
    await sql.query('update loyalty_accounts set milestone = $2 where customer_id = $1', [customerId, milestone]);
    await recordOutboxEvent(
      sql,
      programEvent(
        customerId,
        derivedEventId('loyalty-milestone-reached', customerId, String(milestone)),
        cause.occurredAt,
        LoyaltyMilestoneReached.name,
        LoyaltyMilestoneReached.version,
        { milestone, lifetime_points: lifetimePoints },
      ),
    );
  }
}
