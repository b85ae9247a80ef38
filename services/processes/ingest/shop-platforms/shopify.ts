/**
 * Shopify's webhooks, mapped onto the catalog, so that a Shopify shop needs no code of its
 * own: checkouts (an abandoned one starts the cart reminders), orders created, cancelled and
 * fulfilled, refunds, and customers with their email marketing consent. Signed in
 * `X-Shopify-Hmac-Sha256`; deliveries identified by `X-Shopify-Webhook-Id`.
 *
 * Payload shapes as Shopify documents them (REST Admin API webhooks): amounts are decimal
 * strings in the shop's currency, ids are numbers.
 */
import { defined, money, productsOf, str, type PlatformEvent, type ShopPlatform } from './shop-platform.ts';

type Json = Record<string, unknown>;

/** The customer a Shopify record belongs to: their Shopify customer id, as the shop's own producers name them. */
const customerOf = (record: Json) => str((record.customer as Json | undefined)?.id) ?? str(record.customer_id);

/** The catalog events of one delivery; an empty list for topics the product has no use for. */
function eventsOf(topic: string, body: Json): PlatformEvent[] {
  const currency = body.currency ?? body.presentment_currency;
  switch (topic) {
    case 'checkouts/create':
    case 'checkouts/update':
      // A checkout that completed is followed by its order; only open ones are abandonment.
      if (body.completed_at) return [];
      return [
        {
          customerId: customerOf(body),
          type: 'Checkout Started',
          occurredAt: body.created_at,
          payload: defined({
            cart_id: str(body.cart_token),
            checkout_id: str(body.token),
            value: money(body.total_price, currency),
            currency,
            products: productsOf(body.line_items, currency, { id: ['product_id', 'variant_id', 'id'], name: 'title' }),
          }),
        },
      ];
    case 'orders/create':
      return [
        {
          customerId: customerOf(body),
          type: 'Order Completed',
          occurredAt: body.created_at,
          payload: defined({
            order_id: str(body.id),
            cart_id: str(body.cart_token),
            checkout_id: str(body.checkout_token),
            total: money(body.total_price, currency),
            subtotal: money(body.subtotal_price, currency),
            tax: money(body.total_tax, currency),
            discount: money(body.total_discounts, currency),
            coupon: str((body.discount_codes as Json[] | undefined)?.[0]?.code),
            products: productsOf(body.line_items, currency, { id: ['product_id', 'variant_id', 'id'], name: 'title' }),
          }),
        },
      ];
    case 'orders/cancelled':
      return [
        {
          customerId: customerOf(body),
          type: 'Order Cancelled',
          occurredAt: body.cancelled_at,
          payload: defined({ order_id: str(body.id), reason: str(body.cancel_reason) }),
        },
      ];
    case 'orders/fulfilled':
      return [
        {
          customerId: customerOf(body),
          type: 'Order Updated',
          occurredAt: body.updated_at,
          payload: defined({ order_id: str(body.id), status: 'fulfilled' }),
        },
      ];
    case 'refunds/create': {
      const refunded = (body.transactions as Json[] | undefined)?.filter((transaction) => transaction.kind === 'refund');
      const total = refunded?.reduce((sum, transaction) => sum + Number(transaction.amount ?? 0), 0);
      const refundCurrency = refunded?.[0]?.currency;
      return [
        {
          customerId: str(body.customer_id) ?? customerOf(body),
          type: 'Order Refunded',
          occurredAt: body.created_at,
          payload: defined({ order_id: str(body.order_id), total: total ? money(total, refundCurrency) : undefined }),
        },
      ];
    }
    case 'customers/create':
    case 'customers/update': {
      const customerId = str(body.id);
      // Shopify's own double opt-in: `confirmed_opt_in` was confirmed there; `pending` is not a subscription yet.
      const marketing = body.email_marketing_consent as Json | undefined;
      const consent = marketing?.state;
      const consentAt = str(marketing?.consent_updated_at) ?? body.updated_at;
      const identify: PlatformEvent = {
        customerId,
        type: 'Identify',
        occurredAt: body.updated_at,
        payload: defined({
          email: str(body.email),
          phone: str(body.phone) ?? undefined,
          firstName: str(body.first_name),
          lastName: str(body.last_name),
        }),
      };
      const change = consent === 'subscribed' ? 'Consent Granted' : consent === 'unsubscribed' ? 'Consent Revoked' : undefined;
      const consentEvent: PlatformEvent[] = change
        ? [
            {
              customerId,
              type: change,
              // When the customer said it, not when the profile last changed: an address edit is no renewal.
              occurredAt: consentAt,
              payload: defined({
                channel: 'email',
                purpose: 'marketing',
                source: 'shopify',
                confirmed_at: change === 'Consent Granted' && marketing?.opt_in_level === 'confirmed_opt_in' ? consentAt : undefined,
              }),
            },
          ]
        : [];
      return [identify, ...consentEvent];
    }
    default:
      return [];
  }
}

export const shopify: ShopPlatform = {
  name: 'shopify',
  path: '/webhooks/shopify',
  headers: { signature: 'x-shopify-hmac-sha256', topic: 'x-shopify-topic', deliveryId: 'x-shopify-webhook-id' },
  eventsOf,
};
