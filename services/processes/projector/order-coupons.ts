/**
 * Codes on orders. A shop that does not call the coupon API sends `Order Completed` with the
 * code: the same rules apply (at the order's time), a use is recorded with its `Coupon
 * Redeemed` in the outbox, and a refused code is recorded with its reason. A code the API
 * already redeemed for the order is found as used and changes nothing.
 *
 * An order with a discount after an abandoned checkout marks the customer: cart journeys
 * offer them no discount again (DESIGN.md: customers must not learn to abandon for one).
 */
import type pg from 'pg';
import type { CouponCart } from '../../../schemas/coupons.ts';
import type { CustomerEvent } from '../../../schemas/envelope.ts';
import { redeemCoupon } from '../../platform/coupons/redemption.ts';

/** A checkout counts as abandoned once the cart journey's first reminder would have gone. */
const ABANDONED_AFTER = '30 minutes';
/** ISO 4217's "no currency": an order that names none fails money rules by name, not silently. */
const NO_CURRENCY = 'XXX';

function cartOf(order: CustomerEvent<'Order Completed'>): CouponCart {
  const { subtotal, total, products = [] } = order.payload;
  const priced = products.filter((product) => product.price !== undefined);
  return {
    customer_id: order.customerId,
    currency: subtotal?.currency ?? total?.currency ?? priced[0]?.price?.currency ?? NO_CURRENCY,
    products: priced.map((product) => ({
      product_id: product.product_id,
      ...(product.category ? { category: product.category } : {}),
      price: product.price!.amount,
      quantity: product.quantity ?? 1,
    })),
    ...(subtotal ? { subtotal: subtotal.amount } : {}),
    other_codes: [],
  };
}

export async function projectOrderCoupon(client: pg.ClientBase, order: CustomerEvent<'Order Completed'>): Promise<void> {
  const { coupon, discount, order_id } = order.payload;
  if (coupon) {
    await redeemCoupon(client, {
      code: coupon,
      orderId: order_id,
      customerId: order.customerId,
      cart: cartOf(order),
      at: new Date(order.occurredAt),
      source: 'order',
    });
  }
  if (coupon || (discount?.amount ?? 0) > 0) await flagIfAbandonedBefore(client, order.customerId, order.occurredAt);
}

/** A checkout of theirs, since their previous order, that stayed open past the first reminder. */
async function flagIfAbandonedBefore(client: pg.ClientBase, customerId: string, orderedAt: string): Promise<void> {
  await client.query(
    `update customers set abandoned_for_discount_at = $2
     where customer_id = $1 and abandoned_for_discount_at is null
       and exists (
         select 1 from events checkout
         where checkout.customer_id = $1 and checkout.type = 'Checkout Started'
           and checkout.occurred_at <= $2::timestamptz - interval '${ABANDONED_AFTER}'
           and not exists (
             select 1 from events earlier where earlier.customer_id = $1 and earlier.type = 'Order Completed'
               and earlier.occurred_at > checkout.occurred_at and earlier.occurred_at < $2::timestamptz))`,
    [customerId, orderedAt],
  );
}
