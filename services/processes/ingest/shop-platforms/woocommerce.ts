/**
 * WooCommerce's webhooks (REST API v3 resources), mapped onto the catalog: orders by their
 * status (a pending or draft order is a checkout not yet paid, so it starts the cart
 * reminders; a paid one completes it; cancelled and refunded ones follow), and customers.
 * Signed in `X-WC-Webhook-Signature`; deliveries identified by `X-WC-Webhook-Delivery-ID`.
 * WooCommerce has no marketing consent of its own: consent comes from the shop's opt-in.
 */
import { defined, money, productsOf, str, type PlatformEvent, type ShopPlatform } from './shop-platform.ts';

type Json = Record<string, unknown>;

/** WooCommerce's order statuses, by what they mean for a customer's journey. */
const checkoutStatuses = new Set(['pending', 'checkout-draft']);
const paidStatuses = new Set(['processing', 'completed', 'on-hold']);

/** A registered customer's WooCommerce id; 0 is a guest. */
const customerOf = (id: unknown) => (id === 0 || id === '0' ? undefined : str(id));

function orderEvents(order: Json): PlatformEvent[] {
  const { currency, status } = order;
  const customerId = customerOf(order.customer_id);
  const orderId = str(order.id);
  const occurredAt = typeof order.date_modified_gmt === 'string' ? `${order.date_modified_gmt}Z` : undefined;
  if (typeof status !== 'string') return [];
  if (checkoutStatuses.has(status)) {
    return [
      {
        customerId,
        type: 'Checkout Started',
        occurredAt,
        payload: defined({
          checkout_id: orderId,
          order_id: orderId,
          value: money(order.total, currency),
          products: productsOf(order.line_items, currency, { id: ['product_id', 'id'], name: 'name' }),
        }),
      },
    ];
  }
  if (paidStatuses.has(status)) {
    return [
      {
        customerId,
        type: 'Order Completed',
        occurredAt,
        payload: defined({
          order_id: orderId,
          checkout_id: orderId,
          total: money(order.total, currency),
          tax: money(order.total_tax, currency),
          shipping: money(order.shipping_total, currency),
          discount: money(order.discount_total, currency),
          coupon: str((order.coupon_lines as Json[] | undefined)?.[0]?.code),
          products: productsOf(order.line_items, currency, { id: ['product_id', 'id'], name: 'name' }),
        }),
      },
    ];
  }
  if (status === 'cancelled') return [{ customerId, type: 'Order Cancelled', occurredAt, payload: { order_id: orderId } }];
  if (status === 'refunded') return [{ customerId, type: 'Order Refunded', occurredAt, payload: { order_id: orderId } }];
  return [];
}

function eventsOf(topic: string, body: Json): PlatformEvent[] {
  switch (topic) {
    case 'order.created':
    case 'order.updated':
      return orderEvents(body);
    case 'customer.created':
    case 'customer.updated': {
      const billing = (body.billing ?? {}) as Json;
      return [
        {
          customerId: customerOf(body.id),
          type: 'Identify',
          occurredAt: typeof body.date_modified_gmt === 'string' ? `${body.date_modified_gmt}Z` : undefined,
          payload: defined({
            email: str(body.email),
            firstName: str(body.first_name),
            lastName: str(body.last_name),
            phone: str(billing.phone),
          }),
        },
      ];
    }
    default:
      return [];
  }
}

export const woocommerce: ShopPlatform = {
  name: 'woocommerce',
  path: '/webhooks/woocommerce',
  headers: { signature: 'x-wc-webhook-signature', topic: 'x-wc-webhook-topic', deliveryId: 'x-wc-webhook-delivery-id' },
  eventsOf,
};
