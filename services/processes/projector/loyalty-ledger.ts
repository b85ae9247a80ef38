/**
 * The loyalty points ledger (migration 023), projected from the log:
 *
 * 1. Credits: the program credits orders (points per shop currency unit), a customer's first
 *    review of a product and the referrer of a successful referral, each as a lot recorded
 *    with its own `Loyalty Points Earned` in the outbox (id derived from what earned it, so a
 *    rebuild or a redelivery finds the same one, and keeps the points decided then); a
 *    shop's own `Loyalty Points Earned` is a lot too. Each lot expires `expiryMonths` after
 *    it was earned.
 * 2. Debits: a `Loyalty Points Redeemed`, and a refund or cancellation taking back its
 *    order's points (the refunded share of what the order was credited), take from the lots
 *    still valid at that moment, oldest first. What a refund takes back of points its order's
 *    lot held when it expired is recorded as uncovered, not taken again (takeBackOrderPoints).
 * 3. After each, the customer's tier and milestone are judged again (loyalty-account.ts).
 *
 * Each operation first takes the customer's ledger lock (lockLoyaltyAccount), so operations on
 * one customer from batches of different partitions run one after the other.
 *
 * Expiry needs no event: the points a lot still holds at `expires_at` are the points that
 * expired (services/platform/loyalty/ledger.ts reads the balance as of any moment).
 */
import type pg from 'pg';
import type { CustomerEvent, CustomerEventEnvelope } from '../../../schemas/envelope.ts';
import { LoyaltyPointsEarned } from '../../../schemas/events/loyalty.ts';
import { minorUnitDigits, type Money } from '../../../schemas/primitives.ts';
import { derivedEventId } from '../../platform/kafka/derived-event-id.ts';
import { addMonthsUtc, allocateOldestFirst, type LoyaltyRules } from '../../platform/loyalty/program-rules.ts';
import { recordOutboxEvent } from '../../platform/outbox/event-outbox.ts';
import { judgeAccount, lockLoyaltyAccount, programEvent } from './loyalty-account.ts';

type Sql = Pick<pg.ClientBase, 'query'>;
type Reason = CustomerEvent<'Loyalty Points Earned'>['payload']['reason'];

/** The lot (and `Loyalty Points Earned` id) of the program's credit for an order. */
export const purchaseLotId = (orderId: string) => derivedEventId('loyalty-points-earned', 'purchase', orderId);

/** Points for an amount: its value in shop currency units times the rate, rounded down; null for a currency without a rate. */
async function pointsFor(sql: Sql, money: Money, rules: LoyaltyRules): Promise<number | null> {
  const { rows } = await sql.query<{ shop_minor: string; shop: string }>(
    `select round($1::bigint * r.rate)::bigint::text as shop_minor, (select currency from currency_rates where shop) as shop
     from currency_rates r where r.currency = $2`,
    [money.amount, money.currency],
  );
  const row = rows[0];
  if (!row) return null;
  // The epsilon keeps 19.99 × 100 points from rounding down to 1998.99…
  return Math.max(0, Math.floor((Number(row.shop_minor) * rules.pointsPerUnit) / 10 ** minorUnitDigits(row.shop) + 1e-9));
}

interface Credit {
  lotId: string;
  customerId: string;
  reason: Reason;
  orderId: string | null;
  points: number;
  earnedAt: string;
  expiresAt: string;
}

async function insertLot(sql: Sql, credit: Credit): Promise<boolean> {
  const { rowCount } = await sql.query(
    `insert into loyalty_lots (lot_id, customer_id, reason, order_id, points, remaining, earned_at, expires_at)
     values ($1, $2, $3, $4, $5, $5, $6, $7) on conflict (lot_id) do nothing`,
    [credit.lotId, credit.customerId, credit.reason, credit.orderId, credit.points, credit.earnedAt, credit.expiresAt],
  );
  return rowCount === 1;
}

/** A credit of the program's own: the lot, its `Loyalty Points Earned` for the log, and the tier judged again. */
async function creditByProgram(
  sql: Sql,
  cause: CustomerEventEnvelope,
  credit: Omit<Credit, 'earnedAt' | 'expiresAt'>,
  rules: LoyaltyRules,
) {
  await lockLoyaltyAccount(sql, credit.customerId);
  // Decided before (a rebuild, a redelivery): the points and expiry it was credited with,
  // whatever the rules say now; the customer was told those.
  const decided = await sql.query<{ payload: { points: number; expires_at: string } }>(
    'select payload from event_outbox where event_id = $1',
    [credit.lotId],
  );
  const earlier = decided.rows[0]?.payload;
  const points = earlier?.points ?? credit.points;
  // No points (a free order, or none per unit): nothing to credit, but spend may still move the tier.
  if (points <= 0) return judgeAccount(sql, credit.customerId, cause, rules);
  const expiresAt = earlier?.expires_at ?? addMonthsUtc(new Date(cause.occurredAt), rules.expiryMonths).toISOString();
  if (!(await insertLot(sql, { ...credit, points, earnedAt: cause.occurredAt, expiresAt }))) return;
  await recordOutboxEvent(
    sql,
    programEvent(credit.customerId, credit.lotId, cause.occurredAt, LoyaltyPointsEarned.name, LoyaltyPointsEarned.version, {
      points,
      reason: credit.reason,
      ...(credit.orderId ? { order_id: credit.orderId } : {}),
      expires_at: expiresAt,
    }),
  );
  await judgeAccount(sql, credit.customerId, cause, rules);
}

/**
 * Whether another lot already holds the purchase points of the order: a shop that reports its
 * own `Loyalty Points Earned` for purchases (a loyalty app beside us) and its orders earns
 * each order's points once, whichever arrives first.
 */
async function purchaseCredited(sql: Sql, orderId: string, lotId: string): Promise<boolean> {
  const { rowCount } = await sql.query(`select 1 from loyalty_lots where order_id = $1 and reason = 'purchase' and lot_id <> $2`, [
    orderId,
    lotId,
  ]);
  return rowCount !== 0;
}

export async function creditOrder(sql: Sql, order: CustomerEvent<'Order Completed'>, rules: LoyaltyRules): Promise<void> {
  const { total, order_id } = order.payload;
  await lockLoyaltyAccount(sql, order.customerId);
  const points = total ? await pointsFor(sql, total, rules) : null;
  if (points === null || (await purchaseCredited(sql, order_id, purchaseLotId(order_id)))) return;
  await creditByProgram(
    sql,
    order,
    { lotId: purchaseLotId(order_id), customerId: order.customerId, reason: 'purchase', orderId: order_id, points },
    rules,
  );
}

/** The first review of a product by a customer earns points; reviewing it again does not. */
export function creditReview(sql: Sql, review: CustomerEvent<'Product Reviewed'>, rules: LoyaltyRules): Promise<void> {
  const lotId = derivedEventId('loyalty-points-earned', 'review', review.customerId, review.payload.product_id);
  return creditByProgram(
    sql,
    review,
    { lotId, customerId: review.customerId, reason: 'review', orderId: null, points: rules.reviewPoints },
    rules,
  );
}

/** The referrer's points for a successful referral, once per referee (the event is the referrer's). */
export function creditReferral(sql: Sql, rewarded: CustomerEvent<'Referral Rewarded'>, rules: LoyaltyRules): Promise<void> {
  const lotId = derivedEventId('loyalty-points-earned', 'referral', rewarded.payload.referee_id);
  return creditByProgram(
    sql,
    rewarded,
    { lotId, customerId: rewarded.customerId, reason: 'referral', orderId: rewarded.payload.order_id, points: rules.referralPoints },
    rules,
  );
}

/** A `Loyalty Points Earned` in the log: the program's own finds its lot there already; a shop's is a new lot. */
export async function projectPointsEarned(sql: Sql, earned: CustomerEvent<'Loyalty Points Earned'>, rules: LoyaltyRules): Promise<void> {
  const { points, reason, order_id, expires_at } = earned.payload;
  await lockLoyaltyAccount(sql, earned.customerId);
  const expiresAt = expires_at ?? addMonthsUtc(new Date(earned.occurredAt), rules.expiryMonths).toISOString();
  const credit = {
    lotId: earned.eventId,
    customerId: earned.customerId,
    reason,
    orderId: order_id ?? null,
    points,
    earnedAt: earned.occurredAt,
    expiresAt,
  };
  if (reason === 'purchase' && order_id && (await purchaseCredited(sql, order_id, earned.eventId))) return;
  if (await insertLot(sql, credit)) await judgeAccount(sql, earned.customerId, earned, rules);
}

/**
 * Takes points from the customer's lots valid at `at`, oldest first (`first`, the order's own
 * lot, before any other), and records the debit with what no lot covered. `expired`: points
 * of it that left by expiry already, recorded as uncovered and taken from no lot.
 */
async function debit(
  sql: Sql,
  event: CustomerEventEnvelope,
  debitOf: {
    kind: 'redeemed' | 'taken-back';
    points: number;
    orderId: string | null;
    reward: string | null;
    first?: string;
    expired?: number;
  },
): Promise<void> {
  await lockLoyaltyAccount(sql, event.customerId);
  const { rows } = await sql.query<{ lot_id: string; remaining: number }>(
    `select lot_id, remaining from loyalty_lots where customer_id = $1 and remaining > 0 and expires_at > $2
     order by lot_id = $3 desc, expires_at, earned_at, lot_id`,
    [event.customerId, event.occurredAt, debitOf.first ?? null],
  );
  const expired = debitOf.expired ?? 0;
  const allocated = allocateOldestFirst(
    rows.map((row) => ({ lotId: row.lot_id, remaining: row.remaining })),
    debitOf.points - expired,
  );
  const { taken } = allocated;
  const uncovered = allocated.uncovered + expired;
  for (const take of taken) {
    await sql.query('update loyalty_lots set remaining = remaining - $2 where lot_id = $1', [take.lotId, take.points]);
  }
  await sql.query(
    `insert into loyalty_debits (event_id, customer_id, kind, points, uncovered, order_id, reward, at)
     values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (event_id) do nothing`,
    [event.eventId, event.customerId, debitOf.kind, debitOf.points, uncovered, debitOf.orderId, debitOf.reward, event.occurredAt],
  );
}

export async function projectPointsRedeemed(
  sql: Sql,
  redeemed: CustomerEvent<'Loyalty Points Redeemed'>,
  rules: LoyaltyRules,
): Promise<void> {
  const { points, reward, order_id } = redeemed.payload;
  await debit(sql, redeemed, { kind: 'redeemed', points, orderId: order_id ?? null, reward: reward ?? null });
  await judgeAccount(sql, redeemed.customerId, redeemed, rules);
}

/**
 * The lot holding an order's purchase points, whoever credited them: the program's own
 * credit, or the shop's `Loyalty Points Earned` that stood in for it (purchaseCredited), so a
 * refund takes back the same points whichever of the two arrived first.
 */
async function orderPurchaseLot(sql: Sql, orderId: string): Promise<{ lot_id: string; customer_id: string } | undefined> {
  const { rows } = await sql.query<{ lot_id: string; customer_id: string }>(
    `select lot_id, customer_id from loyalty_lots where order_id = $1 and reason = 'purchase' order by earned_at, lot_id limit 1`,
    [orderId],
  );
  return rows[0];
}

/**
 * A refund (or a cancellation) of a credited order: the order earns what it is still worth,
 * so the difference is taken back, from the order's own lot first (if still valid), then
 * from the customer's oldest. Call after the order row was updated.
 */
export async function takeBackOrderPoints(
  sql: Sql,
  event: CustomerEvent<'Order Refunded' | 'Order Cancelled'>,
  rules: LoyaltyRules,
): Promise<void> {
  const lot = await orderPurchaseLot(sql, event.payload.order_id);
  if (!lot) {
    // An order that earned no points (a currency without a rate, none per unit) still counted as spend.
    if (rules.tierBasis === 'spend') await judgeOrderOwner(sql, event, rules);
    return;
  }
  const lotId = lot.lot_id;
  // The owner's lock before reading what the lot holds: the refund may come from another
  // partition than the owner's redemptions. (A lot changes owner only in a merge, and a batch
  // with a merge runs alone, so the owner read here is still the owner once locked.)
  await lockLoyaltyAccount(sql, lot.customer_id);
  const { rows } = await sql.query<{
    customer_id: string;
    points: number;
    taken_back: number;
    status: string;
    net: string | null;
    total: string | null;
    expired_left: number;
  }>(
    `select l.customer_id, l.points, l.taken_back, o.status, greatest(o.total_amount - o.refunded_amount, 0)::text as net,
       o.total_amount::text as total,
       case when l.expires_at <= $2 then greatest(l.remaining - (
         select coalesce(sum(d.points), 0) from loyalty_debits d
         where d.kind = 'taken-back' and d.order_id = l.order_id and d.at >= l.expires_at), 0) else 0 end::int as expired_left
     from loyalty_lots l join orders o on o.order_id = l.order_id where l.lot_id = $1`,
    [lotId, event.occurredAt],
  );
  const row = rows[0];
  // A credited order the log never completed: nothing to take back from.
  if (!row) return;
  // The share of the order still paid for keeps the same share of the points it was credited.
  const stillEarned =
    row.status === 'cancelled' || row.net === null || !Number(row.total)
      ? 0
      : Math.floor((row.points * Number(row.net)) / Number(row.total));
  const takeBack = row.points - row.taken_back - stillEarned;
  // The lot's owner: a refund sent under another id (the back office) takes from the customer who earned them.
  const owned = { ...event, customerId: row.customer_id };
  // The order's lot expired before the refund: the points it still held then left the balance
  // by expiry, and are not taken a second time from newer lots. They count first against what
  // is taken back (a refund takes from the order's own lot first, so just before expiry it would
  // have taken those very points), less what earlier refunds since the expiry counted; only the
  // rest (points of the lot already spent) comes from the customer's other lots. A refund just
  // after expiry thus costs what one just before it would have, without the expired points.
  const expired = Math.min(takeBack, row.expired_left);
  if (takeBack > 0) {
    await sql.query('update loyalty_lots set taken_back = taken_back + $2 where lot_id = $1', [lotId, takeBack]);
    await debit(sql, owned, { kind: 'taken-back', points: takeBack, orderId: event.payload.order_id, reward: null, first: lotId, expired });
  }
  if (takeBack > 0 || rules.tierBasis === 'spend') await judgeAccount(sql, row.customer_id, owned, rules);
}

async function judgeOrderOwner(sql: Sql, event: CustomerEvent<'Order Refunded' | 'Order Cancelled'>, rules: LoyaltyRules): Promise<void> {
  const { rows } = await sql.query<{ customer_id: string }>('select customer_id from orders where order_id = $1', [event.payload.order_id]);
  const owner = rows[0]?.customer_id;
  if (owner) await judgeAccount(sql, owner, { ...event, customerId: owner }, rules);
}

/**
 * Moves a merged customer's points to the customer they are now, and judges the account again.
 * What the merged id was told stays told: its highest milestone and its tier (if higher) carry
 * over first, so the judgement announces only what the two together reach beyond them (a
 * milestone or tier event under the customer's id would start its reward journey again).
 */
export async function mergeLoyalty(
  sql: Sql,
  merged: string,
  into: string,
  cause: CustomerEventEnvelope,
  rules: LoyaltyRules,
): Promise<void> {
  // In a fixed order, so two merges never wait on each other.
  for (const customerId of [merged, into].sort()) await lockLoyaltyAccount(sql, customerId);
  await sql.query('update loyalty_lots set customer_id = $2 where customer_id = $1', [merged, into]);
  await sql.query('update loyalty_debits set customer_id = $2 where customer_id = $1', [merged, into]);
  await sql.query(
    `insert into loyalty_accounts (customer_id, tier, tier_since, milestone, updated_at)
     select $2, tier, tier_since, milestone, updated_at from loyalty_accounts where customer_id = $1
     on conflict (customer_id) do update set milestone = greatest(loyalty_accounts.milestone, excluded.milestone),
       updated_at = greatest(loyalty_accounts.updated_at, excluded.updated_at)`,
    [merged, into],
  );
  // Tiers rank as configured, lowest first; no tier (or one no longer configured) ranks below all.
  await sql.query(
    `update loyalty_accounts kept set tier = gone.tier, tier_since = gone.tier_since
     from loyalty_accounts gone where kept.customer_id = $2 and gone.customer_id = $1
       and coalesce(array_position($3::text[], gone.tier), 0) > coalesce(array_position($3::text[], kept.tier), 0)`,
    [merged, into, rules.tiers.map((tier) => tier.name)],
  );
  await sql.query('delete from loyalty_accounts where customer_id = $1', [merged]);
  const { rowCount } = await sql.query('select 1 from loyalty_lots where customer_id = $1 limit 1', [into]);
  if (rowCount) await judgeAccount(sql, into, { ...cause, customerId: into }, rules);
}
