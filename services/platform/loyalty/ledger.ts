/**
 * Reads of the points ledger (migration 023) as of a moment: the balance, each lot with what
 * it still holds and when that expires, the history (earned, redeemed, taken back, expired),
 * the points expiring in a week or any span (the reminders), and how long the tier holds without more.
 * Points a lot still holds at its `expires_at` are the points that expired then.
 */
import type pg from 'pg';
import type { ExpiringPoints, TierOutlook } from '../../../schemas/loyalty.ts';
import { minorUnitDigits } from '../../../schemas/primitives.ts';
import { addMonthsUtc, tierFor, type LoyaltyRules } from './program-rules.ts';

type Sql = Pick<pg.ClientBase, 'query'>;

export interface LoyaltyLot {
  lotId: string;
  reason: string;
  orderId: string | null;
  points: number;
  /** What it holds now (or held when it expired). */
  remaining: number;
  takenBack: number;
  earnedAt: string;
  expiresAt: string;
  expired: boolean;
}

export interface LoyaltyHistoryEntry {
  at: string;
  kind: 'earned' | 'redeemed' | 'taken-back' | 'expired';
  /** Positive in, negative out. */
  points: number;
  /** The reason earned, the reward redeemed for, the order refunded. */
  about: string | null;
}

export interface LoyaltyStatement {
  customerId: string;
  balance: number;
  tier: string | null;
  tierSince: string | null;
  /** Points earned ever, net of what refunds took back. */
  lifetimePoints: number;
  /** Lots still holding points, the soonest to expire first. */
  lots: LoyaltyLot[];
  history: LoyaltyHistoryEntry[];
}

interface LotRow {
  lot_id: string;
  reason: string;
  order_id: string | null;
  points: number;
  remaining: number;
  taken_back: number;
  earned_at: Date;
  expires_at: Date;
}

const lotOf = (row: LotRow, now: Date): LoyaltyLot => ({
  lotId: row.lot_id,
  reason: row.reason,
  orderId: row.order_id,
  points: row.points,
  remaining: row.remaining,
  takenBack: row.taken_back,
  earnedAt: row.earned_at.toISOString(),
  expiresAt: row.expires_at.toISOString(),
  expired: row.expires_at <= now,
});

/** The customer's points now: balance, lots, tier and history (newest first). */
export async function readLoyaltyStatement(sql: Sql, customerId: string, now: Date): Promise<LoyaltyStatement> {
  const [lots, debits, account] = await Promise.all([
    sql.query<LotRow>(
      `select lot_id, reason, order_id, points, remaining, taken_back, earned_at, expires_at from loyalty_lots
       where customer_id = $1 order by expires_at, earned_at, lot_id`,
      [customerId],
    ),
    sql.query<{
      kind: 'redeemed' | 'taken-back';
      points: number;
      uncovered: number;
      order_id: string | null;
      reward: string | null;
      at: Date;
    }>('select kind, points, uncovered, order_id, reward, at from loyalty_debits where customer_id = $1', [customerId]),
    sql.query<{ tier: string | null; tier_since: Date | null }>('select tier, tier_since from loyalty_accounts where customer_id = $1', [
      customerId,
    ]),
  ]);
  const all = lots.rows.map((row) => lotOf(row, now));
  const history: LoyaltyHistoryEntry[] = [
    ...all.map((lot) => ({
      at: lot.earnedAt,
      kind: 'earned' as const,
      points: lot.points,
      about: lot.orderId ? `${lot.reason} ${lot.orderId}` : lot.reason,
    })),
    ...all
      .filter((lot) => lot.expired && lot.remaining > 0)
      .map((lot) => ({
        at: lot.expiresAt,
        kind: 'expired' as const,
        points: -lot.remaining,
        about: `earned ${lot.earnedAt.slice(0, 10)}`,
      })),
    ...debits.rows.map((row) => ({
      at: row.at.toISOString(),
      kind: row.kind,
      points: -(row.points - row.uncovered),
      about: row.kind === 'redeemed' ? row.reward : row.order_id,
    })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  const open = all.filter((lot) => !lot.expired && lot.remaining > 0);
  return {
    customerId,
    balance: open.reduce((sum, lot) => sum + lot.remaining, 0),
    tier: account.rows[0]?.tier ?? null,
    tierSince: account.rows[0]?.tier_since?.toISOString() ?? null,
    lifetimePoints: all.reduce((sum, lot) => sum + lot.points - lot.takenBack, 0),
    lots: open,
    history,
  };
}

/** The balance alone, for `customer show` and templates. */
export async function readPointsBalance(sql: Sql, customerId: string, now: Date): Promise<{ balance: number; tier: string | null }> {
  const { rows } = await sql.query<{ balance: string; tier: string | null }>(
    `select coalesce((select sum(remaining) from loyalty_lots where customer_id = $1 and expires_at > $2), 0)::text as balance,
       (select tier from loyalty_accounts where customer_id = $1) as tier`,
    [customerId, now],
  );
  return { balance: Number(rows[0]!.balance), tier: rows[0]!.tier };
}

/** The day (YYYY-MM-DD, UTC) a lot expires; null for a lot the ledger does not have. */
export async function readLotExpiryDay(sql: Sql, lotId: string): Promise<string | null> {
  const { rows } = await sql.query<{ expires_at: Date }>('select expires_at from loyalty_lots where lot_id = $1', [lotId]);
  return rows[0]?.expires_at.toISOString().slice(0, 10) ?? null;
}

/** Points still valid at `now` that expire in the week from `week` (a Monday, YYYY-MM-DD, UTC), the first and last to go, and the balance. */
export async function readPointsExpiringInWeek(sql: Sql, customerId: string, week: string, now: Date): Promise<ExpiringPoints> {
  const monday = new Date(`${week}T00:00:00.000Z`);
  return readPointsExpiringBetween(sql, customerId, { from: monday, until: new Date(monday.getTime() + 7 * 86_400_000) }, now);
}

/** Points still valid at `now` that expire from `from` until (before) `until`, the first and last to go, and the balance. */
export async function readPointsExpiringBetween(
  sql: Sql,
  customerId: string,
  { from, until }: { from: Date; until: Date },
  now: Date,
): Promise<ExpiringPoints> {
  const { rows } = await sql.query<{ points: string; first: Date | null; last: Date | null }>(
    `select coalesce(sum(remaining), 0)::text as points, min(expires_at) as first, max(expires_at) as last from loyalty_lots
     where customer_id = $1 and remaining > 0 and expires_at > $2 and expires_at >= $3 and expires_at < $4`,
    [customerId, now, from, until],
  );
  const row = rows[0]!;
  const { balance } = await readPointsBalance(sql, customerId, now);
  return {
    points: Number(row.points),
    expiresAt: row.first?.toISOString() ?? null,
    lastExpiresAt: row.last?.toISOString() ?? null,
    balance,
  };
}

/**
 * The tier as the ledger judges it at `now`, and the moment it would be lost: amounts leave
 * the 12-month window 12 months after they came, oldest first.
 */
export async function readTierOutlook(sql: Sql, customerId: string, rules: LoyaltyRules, now: Date): Promise<TierOutlook> {
  const since = addMonthsUtc(now, -12);
  const contributions = await qualifyingContributions(sql, customerId, rules, since, now);
  const qualifying = Math.floor(contributions.reduce((sum, part) => sum + part.amount, 0));
  const tier = tierFor(rules.tiers, qualifying);
  const threshold = rules.tiers.find((known) => known.name === tier)?.threshold;
  let heldUntil: string | null = null;
  let neededToKeep: number | null = null;
  if (threshold !== undefined) {
    let left = contributions.reduce((sum, part) => sum + part.amount, 0);
    for (const part of contributions) {
      left -= part.amount;
      if (Math.floor(left) < threshold) {
        heldUntil = addMonthsUtc(part.at, 12).toISOString();
        neededToKeep = threshold - Math.floor(left);
        break;
      }
    }
  }
  const next = rules.tiers.find((known) => known.threshold > qualifying);
  return { tier, qualifying, heldUntil, neededToKeep, nextTier: next ? { name: next.name, needed: next.threshold - qualifying } : null };
}

/** What counted towards the tier in the window, oldest first: net points per lot, or net spend (shop units) per order. */
async function qualifyingContributions(sql: Sql, customerId: string, rules: LoyaltyRules, since: Date, now: Date) {
  if (rules.tierBasis === 'points') {
    const { rows } = await sql.query<{ at: Date; amount: number }>(
      `select earned_at as at, points - taken_back as amount from loyalty_lots
       where customer_id = $1 and earned_at > $2 and earned_at <= $3 order by earned_at`,
      [customerId, since, now],
    );
    return rows;
  }
  const { rows } = await sql.query<{ at: Date; amount: string; shop: string }>(
    `select o.completed_at as at, round((o.total_amount - o.refunded_amount) * r.rate)::text as amount,
       (select currency from currency_rates where shop) as shop
     from orders o join currency_rates r on r.currency = o.currency
     where o.customer_id = $1 and o.status <> 'cancelled' and o.completed_at > $2 and o.completed_at <= $3 order by o.completed_at`,
    [customerId, since, now],
  );
  return rows.map((row) => ({ at: row.at, amount: Number(row.amount) / 10 ** minorUnitDigits(row.shop) }));
}
