import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { signatureValid, toEnvelopes, type ShopPlatform } from './shop-platform.ts';
import { shopify } from './shopify.ts';
import { woocommerce } from './woocommerce.ts';

const delivery = { id: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043', at: '2026-11-29T15:00:00.000Z' };
const eventsOf = (platform: ShopPlatform, topic: string, body: unknown) => {
  const result = toEnvelopes(platform, topic, body, delivery);
  return result.ok ? result.value.map((event) => [event.type, event.payload]) : result.issues;
};

describe('shop platforms onto the catalog', () => {
  it('check the base64 HMAC-SHA256 of the raw body with the secret', () => {
    const body = Buffer.from('{"id":1}');
    const hmac = createHmac('sha256', 'secret').update(body).digest('base64');
    assert.equal(signatureValid(body, hmac, 'secret'), true);
    assert.equal(signatureValid(body, hmac, 'other'), false);
    assert.equal(signatureValid(Buffer.from('{"id":2}'), hmac, 'secret'), false);
    assert.equal(signatureValid(body, undefined, 'secret'), false);
  });

  it('Shopify: an open checkout is Checkout Started; a completed or guest one is nothing', () => {
    const checkout = {
      token: 'tok',
      cart_token: 'cart',
      currency: 'EUR',
      total_price: '59.90',
      completed_at: null,
      customer: { id: 207119551 },
    };
    assert.deepEqual(eventsOf(shopify, 'checkouts/update', checkout), [
      ['Checkout Started', { cart_id: 'cart', checkout_id: 'tok', value: { amount: 5990, currency: 'EUR' }, currency: 'EUR' }],
    ]);
    assert.deepEqual(eventsOf(shopify, 'checkouts/update', { ...checkout, completed_at: '2026-11-29T14:00:00Z' }), []);
    assert.deepEqual(eventsOf(shopify, 'checkouts/create', { ...checkout, customer: null }), []);
  });

  it('Shopify: cancellations, refunds and email consent; event ids come from the delivery', () => {
    assert.deepEqual(eventsOf(shopify, 'orders/cancelled', { id: 450789469, customer: { id: 1 }, cancel_reason: 'customer' }), [
      ['Order Cancelled', { order_id: '450789469', reason: 'customer' }],
    ]);
    assert.deepEqual(
      eventsOf(shopify, 'refunds/create', {
        order_id: 450789469,
        customer_id: 1,
        transactions: [{ kind: 'refund', amount: '41.94', currency: 'USD' }],
      }),
      [['Order Refunded', { order_id: '450789469', total: { amount: 4194, currency: 'USD' } }]],
    );
    const unsubscribed = toEnvelopes(
      shopify,
      'customers/update',
      { id: 7, email: 'bob@example.com', email_marketing_consent: { state: 'unsubscribed' } },
      delivery,
    );
    assert.deepEqual(unsubscribed.ok && unsubscribed.value.map((event) => [event.eventId, event.type]), [
      [`shopify-${delivery.id}-0`, 'Identify'],
      [`shopify-${delivery.id}-1`, 'Consent Revoked'],
    ]);
    assert.deepEqual(eventsOf(shopify, 'products/update', { id: 1 }), []);
  });

  it("Shopify: a subscription confirmed by Shopify's double opt-in says so, dated when the customer gave it", () => {
    const customer = (consent: Record<string, unknown>) =>
      toEnvelopes(shopify, 'customers/update', { id: 7, updated_at: '2026-11-30T10:00:00Z', email_marketing_consent: consent }, delivery);
    const confirmed = customer({ state: 'subscribed', opt_in_level: 'confirmed_opt_in', consent_updated_at: '2025-03-01T08:00:00Z' });
    assert.deepEqual(confirmed.ok && confirmed.value.slice(1).map((event) => [event.type, event.occurredAt, event.payload]), [
      [
        'Consent Granted',
        '2025-03-01T08:00:00.000Z',
        { channel: 'email', purpose: 'marketing', source: 'shopify', confirmed_at: '2025-03-01T08:00:00Z' },
      ],
    ]);
    const single = customer({ state: 'subscribed', opt_in_level: 'single_opt_in', consent_updated_at: '2025-03-01T08:00:00Z' });
    assert.deepEqual(single.ok && single.value[1]?.payload, { channel: 'email', purpose: 'marketing', source: 'shopify' });
    // Waiting for Shopify's own confirmation: no subscription yet.
    const pending = customer({ state: 'pending', opt_in_level: 'confirmed_opt_in' });
    assert.deepEqual(pending.ok && pending.value.map((event) => event.type), ['Identify']);
  });

  it('WooCommerce: an order by its status (pending: a checkout; processing: paid; cancelled; refunded); a guest is nobody', () => {
    const order = {
      id: 727,
      status: 'pending',
      currency: 'USD',
      total: '29.35',
      total_tax: '1.35',
      shipping_total: '10.00',
      discount_total: '0.00',
      customer_id: 25,
      date_modified_gmt: '2026-11-29T14:55:12',
      line_items: [{ id: 315, name: 'Woo Single #1', product_id: 93, quantity: 2, sku: '', price: 9 }],
      coupon_lines: [],
    };
    assert.deepEqual(eventsOf(woocommerce, 'order.created', order), [
      [
        'Checkout Started',
        {
          checkout_id: '727',
          order_id: '727',
          value: { amount: 2935, currency: 'USD' },
          products: [{ product_id: '93', name: 'Woo Single #1', quantity: 2, price: { amount: 900, currency: 'USD' } }],
        },
      ],
    ]);
    const paid = toEnvelopes(woocommerce, 'order.updated', { ...order, status: 'processing' }, delivery);
    assert.deepEqual(paid.ok && paid.value.map((event) => [event.type, event.payload.order_id, event.payload.total, event.occurredAt]), [
      ['Order Completed', '727', { amount: 2935, currency: 'USD' }, '2026-11-29T14:55:12.000Z'],
    ]);
    assert.deepEqual(eventsOf(woocommerce, 'order.updated', { ...order, status: 'cancelled' }), [['Order Cancelled', { order_id: '727' }]]);
    assert.deepEqual(eventsOf(woocommerce, 'order.updated', { ...order, status: 'refunded' }), [['Order Refunded', { order_id: '727' }]]);
    assert.deepEqual(eventsOf(woocommerce, 'order.created', { ...order, customer_id: 0 }), []);
    assert.deepEqual(
      eventsOf(woocommerce, 'customer.updated', {
        id: 25,
        email: 'john.doe@example.com',
        first_name: 'John',
        last_name: 'Doe',
        billing: { phone: '+15555550100' },
      }),
      [['Identify', { email: 'john.doe@example.com', firstName: 'John', lastName: 'Doe', phone: '+15555550100' }]],
    );
  });
});
