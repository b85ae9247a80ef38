/**
 * Coupons at the checkout on the real stack: the ingest process's coupon API against
 * PostgreSQL, its `Coupon Redeemed` events through the outbox into Kafka and back through the
 * projector, and codes on `Order Completed` sent with Segment's Tracking API.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { CouponVerdict } from '../../schemas/coupons.ts';
import { createSegmentClient, expectAccepted } from '../../services/cli/demo/segment-client.ts';
import { loadConfig } from '../../services/platform/config.ts';
import { addCouponCodes, assignCoupon, createCouponPool, type CouponPoolRules } from '../../services/platform/db/coupons.ts';
import { createDb, type Db } from '../../services/platform/db/pool.ts';
import { createLogger } from '../../services/platform/logger.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { startProduct, type RunningProduct } from '../../services/processes/composition-root.ts';
import { uniqueId } from '../support/fixtures.ts';
import { waitForProjected } from '../support/pipeline.ts';

const config = loadConfig({ ...process.env, INGEST_PORT: '18111', METRICS_PORT: '0', LOG_LEVEL: 'warn' });
const writeKey = 'dev-write-key';
let product: RunningProduct;
let db: Db;

before(async () => {
  product = await startProduct(config, createLogger('warn'), ['ingest', 'projector']);
  db = createDb(config.databaseUrl);
});
after(async () => {
  await db?.end();
  await product?.stop();
});

/** A pool of the test's own with these rules, and one code assigned to a customer now. */
async function poolWithCode(rules: CouponPoolRules & { validDays?: number | null; countries?: string[] } = {}) {
  const poolId = uniqueId('pool');
  const { validDays = 30, countries = null, ...rest } = rules;
  await createCouponPool(db, { poolId, discount: 'Tea for less', validDays, countries, ...rest });
  const code = uniqueId('CODE').toUpperCase();
  await addCouponCodes(db, poolId, [code]);
  const customerId = uniqueId('customer');
  const assigned = await assignCoupon(db, {
    poolId,
    customerId,
    assignmentKey: randomUUID(),
    country: countries?.[0] ?? null,
    at: new Date(),
  });
  assert.ok(!('refused' in assigned), 'the code is assigned');
  return { poolId, code, customerId };
}

const cart = (fields: Record<string, unknown> = {}) => ({
  currency: 'EUR',
  country: 'FR',
  products: [
    { product_id: 'sencha', category: 'tea', price: 1200, quantity: 2 },
    { product_id: 'kettle', category: 'teaware', price: 4000 },
  ],
  ...fields,
});

async function call(
  path: 'validate' | 'redeem',
  body: unknown,
  key = writeKey,
): Promise<{ status: number; body: CouponVerdict & Record<string, unknown> }> {
  const response = await fetch(`${product.ingestUrl}/v1/coupons/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as CouponVerdict & Record<string, unknown> };
}
const reasonOf = (verdict: CouponVerdict) => (verdict.valid ? 'valid' : verdict.reason);

describe('the coupon API', () => {
  it('answers the discount for a valid code, and each rule by its reason', async () => {
    const { code } = await poolWithCode({
      discountKind: 'percent',
      discountValue: 10,
      currency: 'EUR',
      minOrderAmount: 3000,
      countries: ['FR'],
    });
    const valid = await call('validate', { code, cart: cart() });
    assert.equal(valid.status, 200);
    assert.deepEqual(valid.body, { valid: true, code, description: 'Tea for less', discount: { amount: 640, currency: 'EUR' } });

    assert.equal(reasonOf((await call('validate', { code: 'NO-SUCH-CODE', cart: cart() })).body), 'unknown-code');
    assert.equal(reasonOf((await call('validate', { code, cart: cart({ country: 'DE' }) })).body), 'not-in-country');
    const small = (await call('validate', { code, cart: cart({ products: [{ product_id: 'sencha', price: 1200 }] }) })).body;
    assert.deepEqual([reasonOf(small), !small.valid && small.message], ['min-order-value', `${code} needs an order of €30.00 or more`]);

    const teaOnly = await poolWithCode({ categories: ['matcha'], countries: ['FR'] });
    assert.equal(reasonOf((await call('validate', { code: teaOnly.code, cart: cart() })).body), 'not-applicable-to-products');
    const ended = await poolWithCode({ validDays: null, validUntil: new Date(Date.now() + 60_000) });
    await db.query("update coupon_codes set expires_at = now() - interval '1 minute' where code = $1", [ended.code]);
    assert.equal(reasonOf((await call('validate', { code: ended.code, cart: cart() })).body), 'expired');
  });

  it('refuses an unknown write key, and names the malformed fields of a request', async () => {
    const { code } = await poolWithCode();
    assert.equal((await call('validate', { code, cart: cart() }, 'not-a-key')).status, 401);
    const malformed = await call('validate', { code, cart: { currency: 'euro', products: [{ product_id: 'sencha', price: 12.5 }] } });
    assert.equal(malformed.status, 400);
    const paths = (malformed.body.issues as { path: string }[]).map((issue) => issue.path).sort();
    assert.deepEqual(paths, ['cart.currency', 'cart.products.0.price']);
    const anonymous = await call('redeem', { code, order_id: 'o-1', cart: cart() });
    assert.deepEqual([anonymous.status, (anonymous.body.issues as { path: string }[])[0]?.path], [400, 'cart.customer_id']);
  });

  it('gives the last use of a code to one of two racing checkouts, and already-redeemed to the other', async () => {
    for (let round = 0; round < 5; round += 1) {
      const { code, customerId } = await poolWithCode({ discountKind: 'amount', discountValue: 500, currency: 'EUR' });
      const redeem = (order: string) => call('redeem', { code, order_id: order, cart: cart({ customer_id: customerId }) });
      const answers = await Promise.all([redeem(uniqueId('order')), redeem(uniqueId('order'))]);
      assert.deepEqual(answers.map(({ body }) => reasonOf(body)).sort(), ['already-redeemed', 'valid']);
      const { rows } = await db.query<{ uses: number }>('select uses from coupon_codes where code = $1', [code]);
      assert.equal(rows[0]?.uses, 1);
    }
  });

  it('holds a pool limit across its codes', async () => {
    const { poolId, code, customerId } = await poolWithCode({ maxUsesPerPool: 1 });
    await addCouponCodes(db, poolId, [`${code}-2`]);
    await assignCoupon(db, { poolId, customerId, assignmentKey: randomUUID(), country: null, at: new Date() });
    assert.ok((await call('redeem', { code, order_id: uniqueId('order'), cart: cart({ customer_id: customerId }) })).body.valid);
    const second = await call('redeem', { code: `${code}-2`, order_id: uniqueId('order'), cart: cart({ customer_id: customerId }) });
    assert.equal(reasonOf(second.body), 'redemption-limit-reached');
  });

  it('redeems once per order: a retry gets the same answer, and one Coupon Redeemed reaches the event store', async () => {
    const { poolId, code, customerId } = await poolWithCode({ discountKind: 'percent', discountValue: 20, categories: ['tea'] });
    const orderId = uniqueId('order');
    const first = await call('redeem', { code: code.toLowerCase(), order_id: orderId, cart: cart({ customer_id: customerId }) });
    const retry = await call('redeem', { code, order_id: orderId, cart: cart({ customer_id: customerId }) });
    const expected = { valid: true, code, description: 'Tea for less', discount: { amount: 480, currency: 'EUR' } };
    assert.deepEqual([first.body, retry.body], [expected, expected]);
    const eventId = `coupon-redeemed/${code}/${orderId}`;
    await waitForProjected(db, [eventId]);
    const { rows } = await db.query('select customer_id, payload from events where event_id = $1', [eventId]);
    assert.deepEqual(rows, [
      {
        customer_id: customerId,
        payload: { coupon_name: code, coupon_id: poolId, order_id: orderId, discount: { amount: 480, currency: 'EUR' } },
      },
    ]);
    const uses = await db.query('select source from coupon_uses where code = $1', [code]);
    assert.deepEqual(uses.rows, [{ source: 'api' }]);
  });
});

describe('codes on Order Completed', () => {
  const shop = () => createSegmentClient(product.ingestUrl!, writeKey);
  /** An order as Segment's e-commerce spec has it: decimal prices, the code in `coupon`. */
  const order = (customerId: string, orderId: string, coupon: string, timestamp = new Date()) => ({
    userId: customerId,
    messageId: randomUUID(),
    timestamp: timestamp.toISOString(),
    event: 'Order Completed',
    properties: {
      order_id: orderId,
      total: 58.4,
      subtotal: 64,
      discount: 5.6,
      currency: 'EUR',
      coupon,
      products: [
        { product_id: 'sencha', category: 'tea', price: 12, quantity: 2 },
        { product_id: 'kettle', category: 'teaware', price: 40, quantity: 1 },
      ],
    },
  });
  const useOf = async (code: string, orderId: string) =>
    (
      await db.query<{ source: string; amount: number | null }>(
        'select source, discount_amount::int as amount from coupon_uses where code = $1 and order_id = $2',
        [code, orderId],
      )
    ).rows;

  it('applies the same rules: a valid code is used and redeemed in the log, a refused one is recorded with its reason', async () => {
    const { code, customerId } = await poolWithCode({ discountKind: 'amount', discountValue: 560, currency: 'EUR' });
    const orderId = uniqueId('order');
    await expectAccepted(shop().track(order(customerId, orderId, code)));
    await waitForProjected(db, [`coupon-redeemed/${code}/${orderId}`]);
    assert.deepEqual(await useOf(code, orderId), [{ source: 'order', amount: 560 }]);

    const secondOrder = uniqueId('order');
    const { messageId } = order(customerId, secondOrder, code);
    await expectAccepted(shop().track({ ...order(customerId, secondOrder, code), messageId }));
    await waitForProjected(db, [messageId]);
    const refusal = await db.query('select reason, source from coupon_refusals where code = $1 and order_id = $2', [code, secondOrder]);
    assert.deepEqual(refusal.rows, [{ reason: 'already-redeemed', source: 'order' }]);
  });

  it('finds an order the API redeemed as used: the order changes nothing', async () => {
    const { code, customerId } = await poolWithCode();
    const orderId = uniqueId('order');
    assert.ok((await call('redeem', { code, order_id: orderId, cart: cart({ customer_id: customerId }) })).body.valid);
    const placed = order(customerId, orderId, code);
    await expectAccepted(shop().track(placed));
    await waitForProjected(db, [placed.messageId]);
    assert.deepEqual(await useOf(code, orderId), [{ source: 'api', amount: null }]);
    const { rows } = await db.query<{ uses: number }>('select uses from coupon_codes where code = $1', [code]);
    assert.equal(rows[0]?.uses, 1);
  });

  it('marks a customer who abandoned a checkout and then ordered with a discount, and no one else', async () => {
    const { code, customerId: abandoner } = await poolWithCode({ maxUsesPerCode: 10 });
    const loyal = uniqueId('customer');
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);
    const identify = (userId: string) => ({ userId, messageId: randomUUID(), traits: { email: `${userId}@example.com` } });
    const checkout = {
      userId: abandoner,
      messageId: randomUUID(),
      timestamp: hoursAgo(3).toISOString(),
      event: 'Checkout Started',
      properties: { cart_id: uniqueId('cart') },
    };
    const calls = [identify(abandoner), identify(loyal)];
    for (const each of calls) await expectAccepted(shop().identify(each));
    await expectAccepted(shop().track(checkout));
    await waitForProjected(db, [...calls.map((each) => each.messageId), checkout.messageId]);
    const orders = [order(abandoner, uniqueId('order'), code), order(loyal, uniqueId('order'), code)];
    for (const each of orders) await expectAccepted(shop().track(each));
    await waitForProjected(
      db,
      orders.map((each) => each.messageId),
    );
    const flags = await waitFor(
      async () => {
        const { rows } = await db.query<{ customer_id: string; flagged: boolean }>(
          'select customer_id, abandoned_for_discount_at is not null as flagged from customers where customer_id = any($1) order by customer_id = $2 desc',
          [[abandoner, loyal], abandoner],
        );
        return rows.length === 2 ? rows : undefined;
      },
      { timeoutMs: 30_000, what: 'both customers projected' },
    );
    assert.deepEqual(
      flags.map((row) => [row.customer_id, row.flagged]),
      [
        [abandoner, true],
        [loyal, false],
      ],
    );
  });
});
