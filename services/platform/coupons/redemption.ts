/**
 * Validating and redeeming a code against its pool's rules (rules.ts), for the checkout API
 * and for an `Order Completed` that names a code. A redemption locks the code's row (and the
 * pool's, when the pool has a limit), so two checkouts racing for a code's last use get one
 * use and one `already-redeemed`. It is idempotent on the order: the same order redeeming
 * the same code again gets the answer it got. A use is recorded with a `Coupon Redeemed`
 * event in the outbox (one transaction), so projections, segments and journeys see it.
 */
import type pg from 'pg';
import type { CouponCart, CouponVerdict } from '../../../schemas/coupons.ts';
import { CouponRedeemed } from '../../../schemas/events/commerce.ts';
import { derivedEventId } from '../kafka/derived-event-id.ts';
import { recordOutboxEvent } from '../outbox/event-outbox.ts';
import { judgeCoupon, type CodeState, type PoolRules } from './rules.ts';

type Sql = Pick<pg.ClientBase, 'query'>;

export const COUPON_EVENT_SOURCE = 'coupons';
export type UseSource = 'api' | 'order' | 'event';

interface CodeRow {
  code: string;
  pool_id: string;
  assigned_at: Date | null;
  expires_at: Date | null;
  uses: number;
}
interface PoolRow {
  pool_id: string;
  discount: string;
  valid_days: number | null;
  valid_from: Date | null;
  valid_until: Date | null;
  countries: string[] | null;
  product_ids: string[] | null;
  categories: string[] | null;
  currency: string | null;
  min_order_amount: string | null;
  discount_kind: 'percent' | 'amount' | null;
  discount_value: string | null;
  discount_cap: string | null;
  max_uses_per_code: number;
  max_uses_per_pool: number | null;
  stackable: boolean;
  uses: number;
}

const numberOrNull = (value: string | null) => (value === null ? null : Number(value));

const toRules = (row: PoolRow): PoolRules => ({
  poolId: row.pool_id,
  description: row.discount,
  validDays: row.valid_days,
  validFrom: row.valid_from,
  validUntil: row.valid_until,
  countries: row.countries,
  productIds: row.product_ids,
  categories: row.categories,
  currency: row.currency,
  minOrderAmount: numberOrNull(row.min_order_amount),
  discountKind: row.discount_kind,
  discountValue: numberOrNull(row.discount_value),
  discountCap: numberOrNull(row.discount_cap),
  maxUsesPerCode: row.max_uses_per_code,
  maxUsesPerPool: row.max_uses_per_pool,
  stackable: row.stackable,
  uses: row.uses,
});

const toState = (row: CodeRow): CodeState => ({ code: row.code, assignedAt: row.assigned_at, expiresAt: row.expires_at, uses: row.uses });

/** Codes are matched as typed, then regardless of case (people retype codes from a postcard). */
async function findCode(sql: Sql, code: string, lock: boolean): Promise<CodeRow | undefined> {
  const forUpdate = lock ? 'for update' : '';
  const columns = 'code, pool_id, assigned_at, expires_at, uses';
  const exact = await sql.query<CodeRow>(`select ${columns} from coupon_codes where code = $1 ${forUpdate}`, [code]);
  if (exact.rows[0]) return exact.rows[0];
  const anyCase = await sql.query<CodeRow>(`select ${columns} from coupon_codes where upper(code) = upper($1) limit 1 ${forUpdate}`, [
    code,
  ]);
  return anyCase.rows[0];
}

async function findPool(sql: Sql, poolId: string, lock: boolean): Promise<PoolRow> {
  const { rows } = await sql.query<PoolRow>(`select * from coupon_pools where pool_id = $1 ${lock ? 'for update' : ''}`, [poolId]);
  return rows[0]!;
}

/** The cart's country, or the country on file for its customer. */
async function countryOf(sql: Sql, cart: CouponCart): Promise<string | null> {
  if (cart.country) return cart.country;
  const customerId = cart.customer_id ?? cart.anonymous_id;
  if (!customerId) return null;
  const { rows } = await sql.query<{ country: string | null }>(
    `select c.country from customers c
     where c.customer_id = coalesce((select customer_id from customer_identities where merged_id = $1), $1)`,
    [customerId],
  );
  return rows[0]?.country ?? null;
}

const unknownCode = (code: string): CouponVerdict => ({
  valid: false,
  code,
  reason: 'unknown-code',
  message: `${code} is not a code we know`,
});

/** What the code would give this cart now; changes nothing. */
export async function validateCoupon(sql: Sql, request: { code: string; cart: CouponCart; at: Date }): Promise<CouponVerdict> {
  const code = await findCode(sql, request.code, false);
  if (!code) return unknownCode(request.code);
  const pool = await findPool(sql, code.pool_id, false);
  return judgeCoupon(toRules(pool), toState(code), { cart: request.cart, country: await countryOf(sql, request.cart), at: request.at });
}

export interface RedeemRequest {
  code: string;
  orderId: string;
  /** Who the use is recorded for, and whose `Coupon Redeemed` it is. */
  customerId: string;
  cart: CouponCart;
  at: Date;
  source: UseSource;
}

/**
 * Redeems inside the caller's transaction (the API's own, or the projector's batch). A use
 * is recorded with its `Coupon Redeemed` in the outbox; a refusal is recorded with its reason.
 */
export async function redeemCoupon(sql: Sql, request: RedeemRequest): Promise<CouponVerdict> {
  const code = await findCode(sql, request.code, true);
  if (!code) {
    await recordRefusal(sql, request, 'unknown-code');
    return unknownCode(request.code);
  }
  const earlier = await sql.query<{ discount_amount: string | null; currency: string | null; discount: string }>(
    `select u.discount_amount, u.currency, p.discount from coupon_uses u join coupon_pools p using (pool_id)
     where u.code = $1 and u.order_id = $2`,
    [code.code, request.orderId],
  );
  const used = earlier.rows[0];
  if (used) {
    const discount = used.discount_amount === null ? null : { amount: Number(used.discount_amount), currency: used.currency! };
    return { valid: true, code: code.code, description: used.discount, discount };
  }
  const unlockedPool = await findPool(sql, code.pool_id, false);
  // The pool's count is read under its lock only when it limits anything: other pools' checkouts do not queue.
  const pool = unlockedPool.max_uses_per_pool === null ? unlockedPool : await findPool(sql, code.pool_id, true);
  const verdict = judgeCoupon(toRules(pool), toState(code), {
    cart: request.cart,
    country: await countryOf(sql, request.cart),
    at: request.at,
  });
  if (!verdict.valid) {
    await recordRefusal(sql, request, verdict.reason);
    return verdict;
  }
  await recordUse(sql, { ...request, code: code.code }, code.pool_id, verdict.discount);
  return verdict;
}

/**
 * A use the shop reports as done (its own `Coupon Redeemed`): counted, not judged: the order
 * is paid. Nothing is written to the log; the shop's event is already there.
 */
export async function recordReportedUse(
  sql: Sql,
  use: { code: string; orderId: string; customerId: string; discount: { amount: number; currency: string } | null; at: Date },
): Promise<void> {
  const code = await findCode(sql, use.code, true);
  if (!code) return;
  const inserted = await sql.query(
    `insert into coupon_uses (code, order_id, pool_id, customer_id, discount_amount, currency, source, used_at)
     values ($1, $2, $3, $4, $5, $6, 'event', $7) on conflict do nothing`,
    [code.code, use.orderId, code.pool_id, use.customerId, use.discount?.amount ?? null, use.discount?.currency ?? null, use.at],
  );
  if (inserted.rowCount) await countUse(sql, code.code, code.pool_id);
}

async function countUse(sql: Sql, code: string, poolId: string): Promise<void> {
  await sql.query('update coupon_codes set uses = uses + 1 where code = $1', [code]);
  await sql.query('update coupon_pools set uses = uses + 1 where pool_id = $1', [poolId]);
}

async function recordUse(
  sql: Sql,
  request: RedeemRequest,
  poolId: string,
  discount: { amount: number; currency: string } | null,
): Promise<void> {
  await sql.query(
    `insert into coupon_uses (code, order_id, pool_id, customer_id, discount_amount, currency, source, used_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      request.code,
      request.orderId,
      poolId,
      request.customerId,
      discount?.amount ?? null,
      discount?.currency ?? null,
      request.source,
      request.at,
    ],
  );
  await countUse(sql, request.code, poolId);
  await sql.query('delete from coupon_refusals where code = $1 and order_id = $2', [request.code, request.orderId]);
  const at = request.at.toISOString();
  await recordOutboxEvent(sql, {
    eventId: derivedEventId('coupon-redeemed', request.code, request.orderId),
    customerId: request.customerId,
    type: CouponRedeemed.name,
    version: CouponRedeemed.version,
    occurredAt: at,
    receivedAt: at,
    source: COUPON_EVENT_SOURCE,
    payload: { coupon_name: request.code, coupon_id: poolId, order_id: request.orderId, ...(discount ? { discount } : {}) },
  });
}

/** The latest refusal of a code on an order: a retry with a corrected cart may still succeed. */
async function recordRefusal(sql: Sql, request: RedeemRequest, reason: string): Promise<void> {
  await sql.query(
    `insert into coupon_refusals (code, order_id, customer_id, reason, source, refused_at) values ($1, $2, $3, $4, $5, $6)
     on conflict (code, order_id) do update set reason = excluded.reason, source = excluded.source, refused_at = excluded.refused_at`,
    [request.code, request.orderId, request.customerId, reason, request.source, request.at],
  );
}
