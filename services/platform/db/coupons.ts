/**
 * Coupon pools (migration 008): unique single-use codes, each assigned to at most one
 * customer, at most once per journey step, within the pool's countries.
 */
import { randomBytes } from 'node:crypto';
import type { CouponOffer } from '../../../schemas/journey.ts';
import { inTransaction, type Db } from './pool.ts';

export type { CouponOffer };

export type CouponRefusal = 'unknown-pool' | 'not-in-country' | 'pool-empty';

export async function createCouponPool(
  db: Db,
  pool: { poolId: string; discount: string; validDays: number; countries: string[] | null },
): Promise<void> {
  await db.query(
    `insert into coupon_pools (pool_id, discount, valid_days, countries) values ($1, $2, $3, $4)
     on conflict (pool_id) do update set discount = excluded.discount, valid_days = excluded.valid_days, countries = excluded.countries`,
    [pool.poolId, pool.discount, pool.validDays, pool.countries],
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
      await client.query<{ discount: string; valid_days: number; countries: string[] | null }>(
        'select discount, valid_days, countries from coupon_pools where pool_id = $1',
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
    if (pool.countries && !(request.country && pool.countries.includes(request.country))) return { refused: 'not-in-country' as const };
    const { rows } = await client.query<{ code: string; expires_at: Date }>(
      `update coupon_codes set assigned_to = $2, assignment_key = $3, assigned_at = $4, expires_at = $4::timestamptz + make_interval(days => $5)
       where code = (select code from coupon_codes where pool_id = $1 and assigned_to is null limit 1 for update skip locked)
       returning code, expires_at`,
      [request.poolId, request.customerId, request.assignmentKey, request.at, pool.valid_days],
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
