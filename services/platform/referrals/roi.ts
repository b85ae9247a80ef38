/**
 * The referral program's ROI from the shop's own data, with the practice's formula
 * (DESIGN.md): ROI = ((LTV × (1 + k)) − reward) / reward, where k = invites per referrer ×
 * invite conversion rate. Per calendar month (UTC) and per reward tier:
 * - invites and referrers: `Referral Sent` events and the customers who sent them;
 * - conversions: successful referrals the program rewarded (referral_decisions);
 * - LTV: the average net revenue of customers with orders (customer_metrics), in the shop's currency;
 * - reward: what one successful referral costs, the tier's reward plus the referee's
 *   welcome incentive, read from their coupon pools' rules (an amount off, or a percent of
 *   the average order value, capped as the pool caps it).
 */
import type { Db } from '../db/pool.ts';
import { rewardTiers } from './reward-decision.ts';

/** ((LTV × (1 + k)) − reward) / reward. */
export const referralRoi = (ltv: number, k: number, reward: number) => (ltv * (1 + k) - reward) / reward;

export interface ReferralRoiRow {
  /** YYYY-MM. */
  month: string;
  /** A tier's name, or 'all' for the month's whole program (its reward weighted by the tiers' conversions). */
  tier: string;
  referrers: number;
  invites: number;
  conversions: number;
  /** Invites per referrer × invite conversion rate; null without `Referral Sent` events. */
  k: number | null;
  /** Minor units of the shop's currency. */
  ltv: number | null;
  reward: number | null;
  roi: number | null;
}

interface PoolCostRow {
  pool_id: string;
  discount_kind: 'percent' | 'amount' | null;
  discount_value: string | null;
  discount_cap: string | null;
  rate: number | null;
}

/** A code's cost in the shop's minor units: its amount off, or its percent of the average order, capped. */
function costOf(pool: PoolCostRow | undefined, averageOrder: number | null): number | null {
  if (!pool?.discount_kind || pool.discount_value === null || pool.rate === null) return null;
  const cap = pool.discount_cap === null ? Infinity : Number(pool.discount_cap) * pool.rate;
  if (pool.discount_kind === 'amount') return Math.min(Number(pool.discount_value) * pool.rate, cap);
  return averageOrder === null ? null : Math.min((averageOrder * Number(pool.discount_value)) / 100, cap);
}

export async function referralRoiReport(db: Db, options: { since: Date; welcomePool: string }): Promise<ReferralRoiRow[]> {
  const [invites, conversions, value, pools] = await Promise.all([
    db.query<{ month: string; invites: number; referrers: number }>(
      `select to_char(occurred_at at time zone 'UTC', 'YYYY-MM') as month, count(*)::int as invites, count(distinct customer_id)::int as referrers
       from events where type = 'Referral Sent' and occurred_at >= $1 group by 1`,
      [options.since],
    ),
    db.query<{ month: string; tier: string; reward_pool: string; conversions: number }>(
      `select to_char(decided_at at time zone 'UTC', 'YYYY-MM') as month, tier, reward_pool, count(*)::int as conversions
       from referral_decisions where outcome = 'rewarded' and decided_at >= $1 group by 1, 2, 3`,
      [options.since],
    ),
    db.query<{ ltv: string | null; average_order: string | null }>(
      'select avg(net_revenue) as ltv, avg(average_order_value) as average_order from customer_metrics where orders > 0',
    ),
    // Pool amounts in the shop's currency: its own rate is 1 (currency_rates holds every rate, the shop's too).
    db.query<PoolCostRow>(
      `select p.pool_id, p.discount_kind, p.discount_value, p.discount_cap,
              case when p.discount_kind = 'percent' and p.discount_cap is null then 1 else r.rate end as rate
       from coupon_pools p left join currency_rates r on r.currency = p.currency where p.pool_id = any($1)`,
      [[options.welcomePool, ...rewardTiers.map((tier) => tier.pool)]],
    ),
  ]);
  const ltv = value.rows[0]?.ltv == null ? null : Number(value.rows[0].ltv);
  const averageOrder = value.rows[0]?.average_order == null ? null : Number(value.rows[0].average_order);
  const poolCost = (poolId: string) =>
    costOf(
      pools.rows.find((pool) => pool.pool_id === poolId),
      averageOrder,
    );
  const welcomeCost = poolCost(options.welcomePool) ?? 0;
  const rewardOf = (poolId: string) => {
    const cost = poolCost(poolId);
    return cost === null ? null : cost + welcomeCost;
  };

  const months = [...new Set([...invites.rows.map((row) => row.month), ...conversions.rows.map((row) => row.month)])].sort();
  return months.flatMap((month) => {
    const sent = invites.rows.find((row) => row.month === month);
    const tiers = conversions.rows.filter((row) => row.month === month);
    const converted = tiers.reduce((sum, row) => sum + row.conversions, 0);
    // k = (invites / referrers) × (conversions / invites).
    const k = sent && sent.invites > 0 ? (sent.invites / sent.referrers) * (converted / sent.invites) : null;
    const row = (tier: string, conversionsOfRow: number, reward: number | null): ReferralRoiRow => ({
      month,
      tier,
      referrers: sent?.referrers ?? 0,
      invites: sent?.invites ?? 0,
      conversions: conversionsOfRow,
      k,
      ltv,
      reward,
      roi: ltv !== null && k !== null && reward !== null && reward > 0 ? referralRoi(ltv, k, reward) : null,
    });
    const tierRows = tiers.map((tier) => row(tier.tier, tier.conversions, rewardOf(tier.reward_pool)));
    const priced = tierRows.every((tierRow) => tierRow.reward !== null);
    const averageReward =
      converted > 0 && priced ? tierRows.reduce((sum, tierRow) => sum + tierRow.reward! * tierRow.conversions, 0) / converted : null;
    return [row('all', converted, averageReward), ...tierRows.sort((a, b) => a.tier.localeCompare(b.tier))];
  });
}
