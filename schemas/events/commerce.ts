/**
 * Shopping and order events, named and shaped as in Segment's e-commerce spec (snake_case
 * properties), except that money is integer minor units: the Segment adapter converts.
 * Unknown extra properties are kept (`loose`): producers send more than we model. A field
 * is required only where the event means nothing without it (the product of a product
 * event, the order of an order event); the spec itself requires none, and a producer that
 * follows it must not be refused.
 */
import { z } from 'zod';
import { Id, IsoDateTime, Money } from '../primitives.ts';
import { defineEvent } from './define.ts';

export const Product = z
  .object({
    product_id: Id,
    sku: z.string().max(200).optional(),
    name: z.string().max(500).optional(),
    category: z.string().max(200).optional(),
    brand: z.string().max(200).optional(),
    price: Money.optional(),
    quantity: z.number().int().positive().optional(),
    url: z.url().optional(),
    image_url: z.url().optional(),
  })
  .loose();
export type Product = z.infer<typeof Product>;

const products = z.array(Product).max(500).optional();

export const ProductViewed = defineEvent('Product Viewed', 1, Product);
export const ProductAdded = defineEvent('Product Added', 1, Product.extend({ cart_id: Id.optional() }));
export const ProductRemoved = defineEvent('Product Removed', 1, Product.extend({ cart_id: Id.optional() }));

export const CartViewed = defineEvent('Cart Viewed', 1, z.object({ cart_id: Id.optional(), products }).loose());

/** The spec names `order_id` (and `checkout_id` on the checkout steps); `cart_id` is ours, from the cart events. */
export const CheckoutStarted = defineEvent(
  'Checkout Started',
  1,
  z.object({ cart_id: Id.optional(), checkout_id: Id.optional(), order_id: Id.optional(), value: Money.optional(), products }).loose(),
);

export const CheckoutStepCompleted = defineEvent(
  'Checkout Step Completed',
  1,
  z
    .object({
      checkout_id: Id.optional(),
      cart_id: Id.optional(),
      step: z.number().int().positive().optional(),
      shipping_method: z.string().max(200).optional(),
      payment_method: z.string().max(200).optional(),
    })
    .loose(),
);

const orderAmounts = {
  total: Money.optional(),
  subtotal: Money.optional(),
  revenue: Money.optional(),
  discount: Money.optional(),
  shipping: Money.optional(),
  tax: Money.optional(),
};

export const OrderCompleted = defineEvent(
  'Order Completed',
  1,
  z
    .object({
      order_id: Id,
      cart_id: Id.optional(),
      checkout_id: Id.optional(),
      ...orderAmounts,
      coupon: z.string().max(200).optional(),
      products,
      /** Not in Segment's spec: the payment processor's fingerprint of the card, for the referral program's fraud check. */
      payment_fingerprint: z.string().max(200).optional(),
    })
    .loose(),
);
export const OrderUpdated = defineEvent('Order Updated', 1, z.object({ order_id: Id, ...orderAmounts, products }).loose());
export const OrderCancelled = defineEvent('Order Cancelled', 1, z.object({ order_id: Id, reason: z.string().max(500).optional() }).loose());
/** Without `total`, the whole order was refunded. */
export const OrderRefunded = defineEvent('Order Refunded', 1, z.object({ order_id: Id, total: Money.optional(), products }).loose());
export const OrderDelivered = defineEvent('Order Delivered', 1, z.object({ order_id: Id, delivered_at: IsoDateTime.optional() }).loose());

export const CouponApplied = defineEvent(
  'Coupon Applied',
  1,
  z
    .object({
      coupon_id: Id.optional(),
      coupon_name: z.string().max(200).optional(),
      cart_id: Id.optional(),
      order_id: Id.optional(),
      discount: Money.optional(),
    })
    .loose(),
);
/** Not in Segment's spec: the order that used a coupon was paid, so the code is spent. */
export const CouponRedeemed = defineEvent(
  'Coupon Redeemed',
  1,
  z.object({ coupon_id: Id.optional(), coupon_name: z.string().max(200), order_id: Id, discount: Money.optional() }).loose(),
);

export const ProductReviewed = defineEvent(
  'Product Reviewed',
  1,
  z.object({ product_id: Id, review_id: Id, rating: z.number().min(1).max(5), review_body: z.string().max(10_000).optional() }).loose(),
);
