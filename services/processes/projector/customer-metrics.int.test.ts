/**
 * Customer metrics on the real PostgreSQL: orders in other currencies converted to the
 * shop's, refunds and cancellations lowering value, the median time between orders, and a
 * merge counting a visitor's orders with the customer's.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { customerEvent, project, uniqueId } from '../../../test/support/fixtures.ts';
import { loadConfig } from '../../platform/config.ts';
import { migrate } from '../../platform/db/migrate.ts';
import { createDb } from '../../platform/db/pool.ts';
import { saveCurrencyRates } from './customer-metrics.ts';

const db = createDb(loadConfig().databaseUrl);
before(async () => {
  await migrate(db);
  await saveCurrencyRates(db, { code: 'USD', rates: { EUR: 1.1, JPY: 0.0067 } });
});
after(async () => {
  await saveCurrencyRates(db, loadConfig().shopCurrency);
  await db.end();
});

const day = (n: number) => new Date(Date.UTC(2026, 5, 1 + n, 12)).toISOString();
const on = <E extends { occurredAt: string }>(event: E, n: number) => ({ ...event, occurredAt: day(n) });
const order = (customerId: string, orderId: string, amount: number, currency: string, n: number) =>
  on(customerEvent(customerId, 'Order Completed', { order_id: orderId, total: { amount, currency } }), n);
const metricsOf = async (customerId: string) =>
  (
    await db.query(
      `select orders, net_revenue::int, unconverted_orders, first_order_value::int, average_order_value::int, median_days_between_orders,
              first_order_at = $2 as first_ok, second_order_at = $3 as second_ok, last_order_at = $4 as last_ok
       from customer_metrics where customer_id = $1`,
      [customerId, day(0), day(10), day(40)],
    )
  ).rows[0] as Record<string, unknown> | undefined;

describe('customer metrics', () => {
  it('sums orders in the shop currency, subtracts refunds and cancellations, and takes the median gap between orders', async () => {
    const customerId = uniqueId('metrics');
    const id = (n: number) => `${customerId}-order-${n}`;
    await project(
      db,
      order(customerId, id(1), 100_00, 'USD', 0),
      order(customerId, id(2), 50_00, 'EUR', 10),
      order(customerId, id(3), 10_000, 'JPY', 30),
      order(customerId, id(4), 40_00, 'GBP', 40),
      order(customerId, id(5), 999_00, 'USD', 45),
      on(customerEvent(customerId, 'Order Refunded', { order_id: id(1), total: { amount: 20_00, currency: 'USD' } }), 50),
      on(customerEvent(customerId, 'Order Cancelled', { order_id: id(5) }), 50),
    );
    assert.deepEqual(await metricsOf(customerId), {
      orders: 4,
      // 80.00 USD (after the refund) + 55.00 (50 EUR) + 67.00 (10,000 JPY); the GBP order has no rate.
      net_revenue: 202_00,
      unconverted_orders: 1,
      first_order_value: 80_00,
      average_order_value: 6733,
      // Gaps of 10, 20 and 10 days; the cancelled order is not an order.
      median_days_between_orders: 10,
      first_ok: true,
      second_ok: true,
      last_ok: true,
    });
  });

  it('has no gap for a one-order customer, and counts a visitor’s orders with the customer they turn out to be', async () => {
    const visitor = `anonymous:${uniqueId('visitor')}`;
    const customerId = uniqueId('metrics');
    await project(db, order(customerId, `${customerId}-1`, 30_00, 'USD', 0));
    assert.equal((await metricsOf(customerId))?.median_days_between_orders, null);
    await project(
      db,
      order(visitor, `${visitor}-1`, 20_00, 'USD', 10),
      on(customerEvent(customerId, 'Identities Merged', { merged_customer_id: visitor }), 11),
    );
    const merged = await metricsOf(customerId);
    assert.equal(merged?.orders, 2);
    assert.equal(merged?.net_revenue, 50_00);
    assert.equal(await metricsOf(visitor), undefined);
  });
});
