/**
 * Shops connected by their platform's webhooks alone, end to end on the real stack: a
 * customer leaves a checkout, gets the cart reminder, and the order ends the journey.
 * Payloads are shaped as Shopify and WooCommerce document them, signed as they sign them.
 * Journey time runs 3600x faster.
 */
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { JourneyResult } from '../../schemas/journey.ts';
import { journeyWorkflowId } from '../../schemas/names.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { cartAbandonment } from '../../workflows/journeys/cart-abandonment.ts';
import { productOnTheStack } from '../support/product-on-the-stack.ts';

const SECRET = 'shopify-app-secret-for-tests';
const WOO_SECRET = 'woocommerce-secret-for-tests';
const { deps, temporal, ingestUrl } = productOnTheStack('shop-platforms-e2e', {
  JOURNEY_TIME_SCALE: String(1 / 3600),
  INGEST_PORT: '18087',
  SHOPIFY_WEBHOOK_SECRET: SECRET,
  WOOCOMMERCE_WEBHOOK_SECRET: WOO_SECRET,
});
const { db, inbox } = deps;

/** One webhook delivery as Shopify makes it: the raw JSON body and its headers. */
function deliver(topic: string, payload: unknown, options: { webhookId?: string; secret?: string } = {}) {
  const body = JSON.stringify(payload);
  const hmac = createHmac('sha256', options.secret ?? SECRET)
    .update(body)
    .digest('base64');
  return fetch(`${ingestUrl()}/webhooks/shopify`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': topic,
      'x-shopify-hmac-sha256': hmac,
      'x-shopify-shop-domain': 'journeys-test.myshopify.com',
      'x-shopify-api-version': '2025-10',
      'x-shopify-webhook-id': options.webhookId ?? randomUUID(),
    },
    body,
  });
}

const shopifyId = () => Math.floor(Math.random() * 9e12) + 1e12;

describe('Shopify webhooks', () => {
  it('an abandoned Shopify checkout gets the cart reminder, and its order ends the journey', async () => {
    const customerId = shopifyId();
    const email = `shopify-${customerId}@example.com`;
    const customer = {
      id: customerId,
      email,
      first_name: 'Ines',
      last_name: 'Garcia',
      phone: null,
      created_at: '2026-11-29T10:00:00-05:00',
      updated_at: '2026-11-29T10:00:00-05:00',
      email_marketing_consent: { state: 'subscribed', opt_in_level: 'single_opt_in', consent_updated_at: '2026-11-29T10:00:00-05:00' },
    };
    assert.equal((await deliver('customers/create', customer)).status, 200);

    const cartToken = `c1-${randomUUID().replaceAll('-', '')}`;
    const checkoutToken = randomUUID().replaceAll('-', '');
    const lineItems = [
      { id: 1, variant_id: 39072856, product_id: 632910392, title: 'IPod Nano - 8gb', quantity: 1, price: '199.00', sku: 'IPOD2008PINK' },
    ];
    const checkout = {
      id: shopifyId(),
      token: checkoutToken,
      cart_token: cartToken,
      email,
      created_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
      completed_at: null,
      currency: 'USD',
      presentment_currency: 'USD',
      total_price: '199.00',
      subtotal_price: '199.00',
      line_items: lineItems,
      customer,
    };
    const webhookId = randomUUID();
    assert.equal((await deliver('checkouts/create', checkout, { webhookId })).status, 200);
    // Shopify delivers again when it missed our answer: the same events, nothing twice.
    assert.equal((await deliver('checkouts/create', checkout, { webhookId })).status, 200);

    const [reminder] = await waitFor(async () => ((await inbox.to(email)).length > 0 ? inbox.to(email) : undefined), {
      timeoutMs: 60_000,
      what: 'the cart reminder',
    });
    assert.equal(reminder?.subject, 'Did something go wrong at checkout?');
    assert.match(reminder?.text ?? '', /Hi Ines,/);
    assert.match(reminder?.text ?? '', /\$199\.00/);

    const order = {
      id: shopifyId(),
      email,
      checkout_token: checkoutToken,
      cart_token: cartToken,
      created_at: new Date().toISOString(),
      currency: 'USD',
      total_price: '199.00',
      subtotal_price: '199.00',
      total_tax: '0.00',
      total_discounts: '0.00',
      financial_status: 'paid',
      discount_codes: [],
      line_items: lineItems,
      customer,
    };
    assert.equal((await deliver('orders/create', order)).status, 200);
    const journey = temporal().workflow.getHandle(journeyWorkflowId(cartAbandonment.id, String(customerId), cartToken));
    const result = (await journey.result()) as JourneyResult;
    assert.deepEqual(
      { outcome: result.outcome, reason: result.outcome === 'exited' && result.reason },
      { outcome: 'exited', reason: 'converted' },
    );

    const stored = await db.query<{ type: string; n: number }>(
      // What the shop sent: the product's own events (segment changes, the order's loyalty points) aside.
      `select type, count(*)::int as n from events where customer_id = $1 and source not in ('segments', 'loyalty-program')
       group by type order by type`,
      [String(customerId)],
    );
    assert.deepEqual(stored.rows, [
      { type: 'Checkout Started', n: 1 },
      { type: 'Consent Granted', n: 1 },
      { type: 'Identify', n: 1 },
      { type: 'Order Completed', n: 1 },
    ]);
    const orders = await db.query('select total_amount::int as total, currency from orders where order_id = $1', [String(order.id)]);
    assert.deepEqual(orders.rows, [{ total: 199_00, currency: 'USD' }]);
  });

  it('a WooCommerce order left pending gets the cart reminder, and its payment ends the journey', async () => {
    const customerId = shopifyId();
    const email = `woo-${customerId}@example.com`;
    const delivered = (topic: string, payload: unknown) => {
      const body = JSON.stringify(payload);
      return fetch(`${ingestUrl()}/webhooks/woocommerce`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-wc-webhook-source': 'https://woo.example/',
          'x-wc-webhook-topic': topic,
          'x-wc-webhook-resource': topic.split('.')[0]!,
          'x-wc-webhook-event': topic.split('.')[1]!,
          'x-wc-webhook-signature': createHmac('sha256', WOO_SECRET).update(body).digest('base64'),
          'x-wc-webhook-id': '12',
          'x-wc-webhook-delivery-id': randomUUID(),
        },
        body,
      });
    };
    const customer = {
      id: customerId,
      email,
      first_name: 'John',
      last_name: 'Doe',
      date_modified_gmt: '2026-11-29T14:00:00',
      billing: { email },
    };
    assert.equal((await delivered('customer.created', customer)).status, 200);
    // WooCommerce has no consent of its own: the shop's opt-in sends it as an event.
    const consent = await fetch(`${ingestUrl()}/v1/track`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('dev-write-key:').toString('base64')}` },
      body: JSON.stringify({
        userId: String(customerId),
        event: 'Consent Granted',
        properties: { channel: 'email', purpose: 'marketing' },
      }),
    });
    assert.equal(consent.status, 200);
    const orderId = shopifyId();
    const order = {
      id: orderId,
      status: 'pending',
      currency: 'USD',
      total: '29.35',
      customer_id: customerId,
      date_modified_gmt: new Date().toISOString().slice(0, 19),
      billing: { email, first_name: 'John' },
      line_items: [{ id: 315, name: 'Woo Single #1', product_id: 93, quantity: 2, price: 9 }],
    };
    assert.equal((await delivered('order.created', order)).status, 200);
    const [reminder] = await waitFor(async () => ((await inbox.to(email)).length > 0 ? inbox.to(email) : undefined), {
      timeoutMs: 60_000,
      what: 'the cart reminder',
    });
    assert.match(reminder?.text ?? '', /\$29\.35/);
    assert.equal((await delivered('order.updated', { ...order, status: 'processing' })).status, 200);
    const journey = temporal().workflow.getHandle(journeyWorkflowId(cartAbandonment.id, String(customerId), String(orderId)));
    const result = (await journey.result()) as JourneyResult;
    assert.deepEqual(
      { outcome: result.outcome, reason: result.outcome === 'exited' && result.reason },
      { outcome: 'exited', reason: 'converted' },
    );
  });

  it('refuses a delivery whose signature does not verify', async () => {
    const response = await deliver('customers/create', { id: shopifyId(), email: 'x@example.com' }, { secret: 'another-secret' });
    assert.equal(response.status, 401);
  });
});
