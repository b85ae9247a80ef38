/**
 * The checkout's coupon API (POST /v1/coupons/validate and /v1/coupons/redeem): what the shop
 * sends, and the reasons a code is refused. Money is integer minor units, as in the events.
 */
import { z } from 'zod';
import { CountryCode, CurrencyCode, Id } from './primitives.ts';

const minorUnits = z.number().int('must be an integer amount of minor units (cents)').nonnegative();

export const CouponCartLine = z.object({
  product_id: Id,
  category: z.string().max(200).optional(),
  /** One unit's price. */
  price: minorUnits,
  quantity: z.number().int().positive().default(1),
});
export type CouponCartLine = z.infer<typeof CouponCartLine>;

export const CouponCart = z.object({
  /** Who checks out; a guest may have only an anonymous id, or none when validating. */
  customer_id: Id.optional(),
  anonymous_id: Id.optional(),
  currency: CurrencyCode,
  /** Where the order ships; without it, the customer's country on file. */
  country: CountryCode.optional(),
  products: z.array(CouponCartLine).max(500).default([]),
  /** Before discounts; without it, the sum of the lines. */
  subtotal: minorUnits.optional(),
  /** Other codes already on the cart: a code that does not stack is refused beside them. */
  other_codes: z.array(z.string().min(1).max(200)).max(20).default([]),
});
export type CouponCart = z.infer<typeof CouponCart>;

export const CouponValidateRequest = z.object({ code: z.string().min(1).max(200), cart: CouponCart });
export const CouponRedeemRequest = z.object({ code: z.string().min(1).max(200), order_id: Id, cart: CouponCart });

export const couponRefusalReasons = [
  'unknown-code',
  'not-yet-valid',
  'expired',
  'not-in-country',
  'already-redeemed',
  'redemption-limit-reached',
  'not-stackable',
  'currency-not-accepted',
  'not-applicable-to-products',
  'min-order-value',
] as const;
export type CouponRefusalReason = (typeof couponRefusalReasons)[number];

/** What the API answers (and what an order's code is judged to): the discount, or why not. */
export type CouponVerdict =
  | { valid: true; code: string; description: string; discount: { amount: number; currency: string } | null }
  | { valid: false; code: string; reason: CouponRefusalReason; message: string };
