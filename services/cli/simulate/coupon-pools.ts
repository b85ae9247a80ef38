/**
 * The simulated shop's coupon pools, stocked before its customers arrive, as an operator
 * would with `journeys coupons create` and `coupons generate`: one pool per journey offer, so
 * the demo's messages carry real codes with real rules. A pool the operator already made is
 * left as it is; only codes are added, up to what the run may use.
 */
import { holidayCampaigns } from '../../../workflows/campaigns/index.ts';
import { ANNIVERSARY_POOL } from '../../../workflows/journeys/anniversaries.ts';
import { BIRTHDAY_POOL } from '../../../workflows/journeys/birthday.ts';
import { MILESTONE_POOL } from '../../../workflows/journeys/loyalty-milestone.ts';
import { NEW_CUSTOMER_BONUS_POOL } from '../../../workflows/journeys/new-customer-bonus.ts';
import { RE_PERMISSION_POOL } from '../../../workflows/journeys/re-permission.ts';
import { REFERRAL_WELCOME_POOL } from '../../../workflows/journeys/referral-welcome.ts';
import { SORRY_POOLS } from '../../../workflows/journeys/support-recovery.ts';
import { FIRST_ORDER_POOL } from '../../../workflows/journeys/welcome.ts';
import { WIN_BACK_POOL } from '../../../workflows/journeys/win-back.ts';
import { rewardTiers } from '../../platform/referrals/reward-decision.ts';
import { addCouponCodes, createCouponPool, generateCouponCodes, type CouponPoolDefinition } from '../../platform/db/coupons.ts';
import type { Db } from '../../platform/db/pool.ts';

type PoolSpec = Omit<CouponPoolDefinition, 'currency' | 'countries'> & { countries?: string[] };

const percent = (poolId: string, value: number, validDays: number, rules: Partial<PoolSpec> = {}): PoolSpec => ({
  poolId,
  discount: `${value}% off`,
  validDays,
  discountKind: 'percent',
  discountValue: value,
  ...rules,
});
/** `amount` in major units of the shop's currency; stored in minor units, as the events are. */
const amountOff = (poolId: string, amount: number, validDays: number, minOrder: number): PoolSpec => ({
  poolId,
  discount: `${amount} off an order of ${minOrder} or more`,
  validDays,
  discountKind: 'amount',
  discountValue: amount * 100,
  minOrderAmount: minOrder * 100,
});

export const simulatedShopPools: readonly PoolSpec[] = [
  percent(FIRST_ORDER_POOL, 10, 30, { minOrderAmount: 30_00 }),
  percent('cart-comeback', 10, 14),
  percent(WIN_BACK_POOL, 15, 21),
  percent(BIRTHDAY_POOL, 15, 14),
  percent(ANNIVERSARY_POOL, 10, 14),
  percent(RE_PERMISSION_POOL, 10, 30),
  percent(REFERRAL_WELCOME_POOL, 15, 30),
  amountOff(NEW_CUSTOMER_BONUS_POOL, 10, 60, 40),
  // The loyalty milestones' reward (one pool for all; `loyalty-milestone-<points>` would size it per milestone).
  amountOff(MILESTONE_POOL, 10, 60, 20),
  ...SORRY_POOLS.map((poolId) => percent(poolId, Number(poolId.split('-')[1]), 30)),
  ...rewardTiers.map(({ pool }, i) => amountOff(pool, [10, 15, 25, 50][i] ?? 10, 90, 20)),
  // Restricted to the countries where the holiday is kept (a region's country: CA-ON in CA).
  ...holidayCampaigns.map((campaign) =>
    percent(campaign.couponPool, 15, 10, { countries: [...new Set(campaign.where.map((place) => place.slice(0, 2)))] }),
  ),
];

/** Creates the pools that do not exist yet, and tops each up to `codes` free codes. */
export async function stockCouponPools(db: Db, currency: string, codes: number): Promise<{ created: number; added: number }> {
  const { rows } = await db.query<{ pool_id: string; free: number }>(
    `select p.pool_id, count(c.code) filter (where c.assigned_to is null)::int as free
     from coupon_pools p left join coupon_codes c on c.pool_id = p.pool_id group by p.pool_id`,
  );
  const free = new Map(rows.map((row) => [row.pool_id, row.free]));
  let created = 0;
  let added = 0;
  for (const { countries, ...spec } of simulatedShopPools) {
    if (!free.has(spec.poolId)) {
      await createCouponPool(db, { ...spec, currency, countries: countries ?? null });
      created += 1;
    }
    const missing = codes - (free.get(spec.poolId) ?? 0);
    if (missing > 0)
      added += await addCouponCodes(db, spec.poolId, generateCouponCodes(`${spec.poolId.split('-')[0]!.toUpperCase()}-`, missing));
  }
  return { created, added };
}
