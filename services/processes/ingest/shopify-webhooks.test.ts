import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { shopifySignatureValid, shopifyToEnvelopes } from './shopify-webhooks.ts';

const delivery = { webhookId: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043', at: '2026-11-29T15:00:00.000Z' };
const typesOf = (topic: string, body: unknown) => {
  const result = shopifyToEnvelopes(topic, body, delivery);
  return result.ok ? result.value.map((event) => [event.type, event.payload]) : result.issues;
};

describe('Shopify webhooks onto the catalog', () => {
  it('checks the HMAC of the raw body with the app secret', () => {
    const body = Buffer.from('{"id":1}');
    const hmac = createHmac('sha256', 'secret').update(body).digest('base64');
    assert.equal(shopifySignatureValid(body, hmac, 'secret'), true);
    assert.equal(shopifySignatureValid(body, hmac, 'other'), false);
    assert.equal(shopifySignatureValid(Buffer.from('{"id":2}'), hmac, 'secret'), false);
    assert.equal(shopifySignatureValid(body, undefined, 'secret'), false);
  });

  it('maps an open checkout to Checkout Started, and ignores a completed or guest one', () => {
    const checkout = {
      token: 'tok',
      cart_token: 'cart',
      currency: 'EUR',
      total_price: '59.90',
      completed_at: null,
      customer: { id: 207119551 },
    };
    assert.deepEqual(typesOf('checkouts/update', checkout), [
      ['Checkout Started', { cart_id: 'cart', checkout_id: 'tok', value: { amount: 5990, currency: 'EUR' }, currency: 'EUR' }],
    ]);
    assert.deepEqual(typesOf('checkouts/update', { ...checkout, completed_at: '2026-11-29T14:00:00Z' }), []);
    assert.deepEqual(typesOf('checkouts/create', { ...checkout, customer: null }), []);
  });

  it('maps cancellations, refunds and email consent; event ids come from the webhook id', () => {
    assert.deepEqual(typesOf('orders/cancelled', { id: 450789469, customer: { id: 1 }, cancel_reason: 'customer' }), [
      ['Order Cancelled', { order_id: '450789469', reason: 'customer' }],
    ]);
    assert.deepEqual(
      typesOf('refunds/create', {
        order_id: 450789469,
        customer_id: 1,
        transactions: [{ kind: 'refund', amount: '41.94', currency: 'USD' }],
      }),
      [['Order Refunded', { order_id: '450789469', total: { amount: 4194, currency: 'USD' } }]],
    );
    const unsubscribed = shopifyToEnvelopes(
      'customers/update',
      { id: 7, email: 'bob@example.com', email_marketing_consent: { state: 'unsubscribed' } },
      delivery,
    );
    assert.deepEqual(unsubscribed.ok && unsubscribed.value.map((event) => [event.eventId, event.type]), [
      [`shopify-${delivery.webhookId}-0`, 'Identify'],
      [`shopify-${delivery.webhookId}-1`, 'Consent Revoked'],
    ]);
    assert.deepEqual(typesOf('products/update', { id: 1 }), []);
  });
});
