/**
 * Coupon pools (migrations 008, 022): codes, each assigned to at most one customer, at most
 * once per journey step, within the pool's countries and dates. What a code gives at the
 * checkout is the pool's rules' to say (services/platform/coupons).
 */
import { randomBytes } from 'node:crypto';
import type { CouponOffer } from '../../../schemas/journey.ts';
import { inTransaction, type Db } from './pool.ts';

export type { CouponOffer };

export type CouponRefusal = 'unknown-pool' | 'not-in-country' | 'pool-empty' | 'pool-ended';

/** A pool's optional rules (migration 022); left out, a pool is single-use codes the shop discounts itself. */
export interface CouponPoolRules {
  validFrom?: Date;
  validUntil?: Date;
  productIds?: string[];
  categories?: string[];
  /** The currency of the money rules below. */
  currency?: string;
  minOrderAmount?: number;
  discountKind?: 'percent' | 'amount';
  discountValue?: number;
  discountCap?: number;
  maxUsesPerCode?: number;
  maxUsesPerPool?: number;
  stackable?: boolean;
}

export interface CouponPoolDefinition extends CouponPoolRules {
  poolId: string;
  discount: string;
  /** Days from assignment; null for fixed dates (`validUntil`) only. */
  validDays: number | null;
  countries: string[] | null;
}

/** Creates the pool, or replaces its rules (its codes and their uses stay). */
export async function createCouponPool(db: Db, pool: CouponPoolDefinition): Promise<void> {
  await db.query(
    `insert into coupon_pools (pool_id, discount, valid_days, countries, valid_from, valid_until, product_ids, categories, currency,
       min_order_amount, discount_kind, discount_value, discount_cap, max_uses_per_code, max_uses_per_pool, stackable)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     on conflict (pool_id) do update set discount = excluded.discount, valid_days = excluded.valid_days, countries = excluded.countries,
       valid_from = excluded.valid_from, valid_until = excluded.valid_until, product_ids = excluded.product_ids,
       categories = excluded.categories, currency = excluded.currency, min_order_amount = excluded.min_order_amount,
       discount_kind = excluded.discount_kind, discount_value = excluded.discount_value, discount_cap = excluded.discount_cap,
       max_uses_per_code = excluded.max_uses_per_code, max_uses_per_pool = excluded.max_uses_per_pool, stackable = excluded.stackable`,
    [
      pool.poolId,
      pool.discount,
      pool.validDays,
      pool.countries,
      pool.validFrom ?? null,
      pool.validUntil ?? null,
      pool.productIds ?? null,
      pool.categories ?? null,
      pool.currency ?? null,
      pool.minOrderAmount ?? null,
      pool.discountKind ?? null,
      pool.discountValue ?? null,
      pool.discountCap ?? null,
      pool.maxUsesPerCode ?? 1,
      pool.maxUsesPerPool ?? null,
      pool.stackable ?? false,
    ],
  );
}

/** Adds codes (a shop's own, or generated); codes already present are left as they are. Returns how many were new. */
export async function addCouponCodes(db: Db, poolId: string, codes: string[]): Promise<number> {
  const { rowCount } = await db.query(
    'insert into coupon_codes (code, pool_id) select unnest($2::text[]), $1 on conflict (code) do nothing',
    [poolId, codes],
  );
  return rowCount ?? 0;
}

/** Unguessable codes: 10 characters without look-alikes (0/O, 1/I/L). */
export function generateCouponCodes(prefix: string, count: number): string[] {
  const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
  return Array.from({ length: count }, () => `${prefix}${[...randomBytes(10)].map((byte) => alphabet[byte % alphabet.length]).join('')}`);
}

/**
 * The code for this assignment key: the one assigned before, or a free one now (skip
 * locked, so concurrent journeys never take the same code).
 */
export async function assignCoupon(
  db: Db,
  request: { poolId: string; customerId: string; assignmentKey: string; country: string | null; at: Date },
): Promise<CouponOffer | { refused: CouponRefusal }> {
  return inTransaction(db, async (client) => {
    const pool = (
      await client.query<{ discount: string; valid_days: number | null; valid_until: Date | null; countries: string[] | null }>(
        'select discount, valid_days, valid_until, countries from coupon_pools where pool_id = $1',
        [request.poolId],
      )
    ).rows[0];
    if (!pool) return { refused: 'unknown-pool' as const };
    const offer = (row: { code: string; expires_at: Date }) => ({
      code: row.code,
      discount: pool.discount,
      expiresAt: row.expires_at.toISOString(),
    });
    const earlier = (
      await client.query<{ code: string; expires_at: Date }>('select code, expires_at from coupon_codes where assignment_key = $1', [
        request.assignmentKey,
      ])
    ).rows[0];
    if (earlier) return offer(earlier);
    // A code that would expire before it could be used is not worth offering.
    if (pool.valid_until && pool.valid_until <= request.at) return { refused: 'pool-ended' as const };
    if (pool.countries && !(request.country && pool.countries.includes(request.country))) return { refused: 'not-in-country' as const };
    const { rows } = await client.query<{ code: string; expires_at: Date }>(
      // Valid for the pool's days from now, and never past the pool's own end.
      `update coupon_codes set assigned_to = $2, assignment_key = $3, assigned_at = $4,
         expires_at = least($4::timestamptz + make_interval(days => $5), $6::timestamptz)
       where code = (select code from coupon_codes where pool_id = $1 and assigned_to is null limit 1 for update skip locked)
       returning code, expires_at`,
      [request.poolId, request.customerId, request.assignmentKey, request.at, pool.valid_days, pool.valid_until],
    );
    return rows[0] ? offer(rows[0]) : { refused: 'pool-empty' as const };
  });
}

/** A pool's codes: free, assigned, and used (a 'Coupon Redeemed' event named them). */
export async function couponPoolStatus(db: Db, poolId: string): Promise<{ free: number; assigned: number; redeemed: number } | null> {
  const { rows } = await db.query<{ known: boolean; free: number; assigned: number; redeemed: number }>(
    `select exists (select 1 from coupon_pools where pool_id = $1) as known,
            count(*) filter (where c.assigned_to is null)::int as free,
            count(*) filter (where c.assigned_to is not null)::int as assigned,
            count(*) filter (where exists (select 1 from coupon_redemptions r where r.coupon_name = c.code))::int as redeemed
     from coupon_codes c where c.pool_id = $1`,
    [poolId],
  );
  const row = rows[0];
  return row?.known ? { free: row.free, assigned: row.assigned, redeemed: row.redeemed } : null;
}

/** Refusals recorded on orders (migration 022) since a time: per reason, and the latest 20. */
export async function couponRefusalsSince(db: Db, since: Date) {
  const byReason = await db.query<{ reason: string; count: number }>(
    'select reason, count(*)::int as count from coupon_refusals where refused_at >= $1 group by reason order by count desc, reason',
    [since],
  );
  const latest = await db.query<{ code: string; order_id: string; reason: string; source: string; refused_at: Date }>(
    'select code, order_id, reason, source, refused_at from coupon_refusals where refused_at >= $1 order by refused_at desc limit 20',
    [since],
  );
  return {
    byReason: byReason.rows,
    latest: latest.rows.map((row) => ({
      code: row.code,
      orderId: row.order_id,
      reason: row.reason,
      source: row.source,
      refusedAt: row.refused_at,
    })),
  };
}
