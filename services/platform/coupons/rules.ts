/**
 * A pool's rules applied to one code and one cart: the discount, or the first reason it is
 * refused. Pure: the database code (redemption.ts) reads the code, its pool and the counts
 * under locks, and this decides, so every rule is tested without a server.
 */
import type { CouponCart, CouponRefusalReason, CouponVerdict } from '../../../schemas/coupons.ts';
import { formatMoney } from '../../../schemas/primitives.ts';

export interface PoolRules {
  poolId: string;
  /** What the customer is told, e.g. "10% off tea". */
  description: string;
  /** Days from assignment; null for a pool of fixed dates only. */
  validDays: number | null;
  validFrom: Date | null;
  validUntil: Date | null;
  countries: readonly string[] | null;
  productIds: readonly string[] | null;
  categories: readonly string[] | null;
  currency: string | null;
  minOrderAmount: number | null;
  discountKind: 'percent' | 'amount' | null;
  discountValue: number | null;
  discountCap: number | null;
  maxUsesPerCode: number;
  maxUsesPerPool: number | null;
  stackable: boolean;
  /** Uses of the pool so far. */
  uses: number;
}

export interface CodeState {
  code: string;
  assignedAt: Date | null;
  /** Set at assignment for pools valid for days from it. */
  expiresAt: Date | null;
  /** Uses of this code by other orders. */
  uses: number;
}

export interface Checkout {
  cart: CouponCart;
  /** The cart's country, or the customer's on file. */
  country: string | null;
  at: Date;
}

const refuse = (code: string, reason: CouponRefusalReason, message: string): CouponVerdict => ({ valid: false, code, reason, message });

/** The cart's lines the pool's discount applies to: all, or those of its products or categories. */
function eligibleLines(pool: PoolRules, cart: CouponCart) {
  if (!pool.productIds && !pool.categories) return cart.products;
  return cart.products.filter(
    (line) => pool.productIds?.includes(line.product_id) || (line.category !== undefined && pool.categories?.includes(line.category)),
  );
}

const linesTotal = (lines: CouponCart['products']) => lines.reduce((sum, line) => sum + line.price * line.quantity, 0);

function discountOf(pool: PoolRules, eligibleAmount: number): number | null {
  if (pool.discountKind === null || pool.discountValue === null) return null;
  const raw = pool.discountKind === 'percent' ? Math.round((eligibleAmount * pool.discountValue) / 100) : pool.discountValue;
  return Math.min(raw, pool.discountCap ?? Infinity, eligibleAmount);
}

/** The code's last valid moment: its own expiry (days from assignment), the pool's end, whichever is first. */
function validUntil(pool: PoolRules, code: CodeState): Date | null {
  const ends = [code.expiresAt, pool.validUntil].filter((end): end is Date => end !== null);
  return ends.length === 0 ? null : new Date(Math.min(...ends.map((end) => end.getTime())));
}

export function judgeCoupon(pool: PoolRules, code: CodeState, checkout: Checkout): CouponVerdict {
  const { cart, at } = checkout;
  // A code of a pool valid from assignment that was never handed out was never offered: a guess.
  if (pool.validDays !== null && pool.validUntil === null && code.assignedAt === null) {
    return refuse(code.code, 'unknown-code', `${code.code} is not a code we issued`);
  }
  if (pool.validFrom && at < pool.validFrom) {
    return refuse(code.code, 'not-yet-valid', `${code.code} is valid from ${pool.validFrom.toISOString()}`);
  }
  const end = validUntil(pool, code);
  if (end && at > end) return refuse(code.code, 'expired', `${code.code} expired at ${end.toISOString()}`);
  if (pool.countries && !(checkout.country && pool.countries.includes(checkout.country))) {
    return refuse(
      code.code,
      'not-in-country',
      `${code.code} is for ${pool.countries.join(', ')}, not ${checkout.country ?? 'an unknown country'}`,
    );
  }
  if (code.uses >= pool.maxUsesPerCode) return refuse(code.code, 'already-redeemed', `${code.code} has been used`);
  if (pool.maxUsesPerPool !== null && pool.uses >= pool.maxUsesPerPool) {
    return refuse(code.code, 'redemption-limit-reached', `the offer behind ${code.code} has been used as often as it may be`);
  }
  const others = cart.other_codes.filter((other) => other.toUpperCase() !== code.code.toUpperCase());
  if (!pool.stackable && others.length > 0) {
    return refuse(code.code, 'not-stackable', `${code.code} cannot be combined with ${others.join(', ')}`);
  }
  const moneyRules = pool.minOrderAmount !== null || pool.discountKind === 'amount' || pool.discountCap !== null;
  if (moneyRules && pool.currency !== cart.currency) {
    return refuse(code.code, 'currency-not-accepted', `${code.code} is for orders in ${pool.currency}, not ${cart.currency}`);
  }
  const eligible = eligibleLines(pool, cart);
  if ((pool.productIds || pool.categories) && eligible.length === 0) {
    return refuse(code.code, 'not-applicable-to-products', `${code.code} applies to none of the cart's products`);
  }
  const subtotal = cart.subtotal ?? linesTotal(cart.products);
  if (pool.minOrderAmount !== null && subtotal < pool.minOrderAmount) {
    const minimum = formatMoney({ amount: pool.minOrderAmount, currency: cart.currency });
    return refuse(code.code, 'min-order-value', `${code.code} needs an order of ${minimum} or more`);
  }
  // No lines (a shop that sends only the subtotal): the discount applies to the subtotal.
  const eligibleAmount = cart.products.length === 0 ? subtotal : linesTotal(eligible);
  const amount = discountOf(pool, eligibleAmount);
  return {
    valid: true,
    code: code.code,
    description: pool.description,
    discount: amount === null ? null : { amount, currency: cart.currency },
  };
}
