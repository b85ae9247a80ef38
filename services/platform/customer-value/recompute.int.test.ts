/**
 * The base-wide recompute on the real PostgreSQL, in a database of its own (quintiles are
 * over the whole base): tied customers share a score, the bottom 20% is 20%, one-order
 * customers get their cohort's latency, and the purchase models predict each customer's value.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createScratchDatabase } from '../../../test/support/scratch-database.ts';
import { loadConfig } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { readProfileFacts } from '../db/profile-facts.ts';
import { createDb, type Db } from '../db/pool.ts';
import { recomputeCustomerValue } from './recompute.ts';
import { simulateHistories } from './simulate.ts';

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let db: Db;
const now = new Date('2026-11-29T00:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

before(async () => {
  scratch = await createScratchDatabase(loadConfig().databaseUrl, 'journeys_recompute');
  db = createDb(scratch.url);
  await migrate(db);
});
after(async () => {
  await db?.end();
  await scratch?.drop();
});

interface Metrics {
  id: string;
  orders: number;
  revenue: number;
  first: number;
  second?: number;
  last: number;
  gap?: number;
}
async function insertMetrics(rows: Metrics[]) {
  const at = (days: number | undefined) => (days === undefined ? null : daysAgo(days).toISOString());
  await db.query('truncate customer_metrics, customer_scores');
  await db.query(
    `insert into customer_metrics (customer_id, orders, net_revenue, unconverted_orders, first_order_at, second_order_at, last_order_at,
       first_order_value, average_order_value, median_days_between_orders, updated_at)
     select id, o, n, 0, f, s, l, n / o, n / o, g, now()
     from unnest($1::text[], $2::int[], $3::bigint[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[], $7::float8[]) as t(id, o, n, f, s, l, g)`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.orders),
      rows.map((r) => r.revenue),
      rows.map((r) => at(r.first)),
      rows.map((r) => at(r.second)),
      rows.map((r) => at(r.last)),
      rows.map((r) => r.gap ?? null),
    ],
  );
}
const scores = async () =>
  new Map(
    (
      await db.query<{
        customer_id: string;
        recency_score: number;
        frequency_score: number;
        monetary_score: number;
        rfm_group: string;
        bottom_20: boolean;
        purchase_latency_days: number | null;
        latency_source: string | null;
      }>('select * from customer_scores')
    ).rows.map((row) => [row.customer_id, row]),
  );

describe('customer value recompute', () => {
  it('scores quintiles with ties shared, flags exactly the bottom 20%, names groups, and takes latency from the cohort for one-order customers', async () => {
    const orders = [1, 1, 1, 1, 2, 2, 3, 4, 5, 6];
    await insertMetrics(
      orders.map((o, i) => ({
        id: `c${i}`,
        orders: o,
        revenue: o * 50_00,
        // All first bought 100 days ago (one cohort); the more orders, the more recent the last.
        first: 100,
        ...(o > 1 ? { second: 100 - 20, gap: 20 } : {}),
        last: o > 1 ? 100 - 10 * o : 100,
      })),
    );
    const report = await recomputeCustomerValue(db, { now });
    assert.equal(report.customers, 10);
    const byId = await scores();
    // Nobody buys less than the four one-order customers: all four F = 1. Two orders: 40% of
    // the base below, F = 3; three: 60%, F = 4; four: 70%, F = 4; five and six: 80% and 90%, F = 5.
    assert.deepEqual(
      orders.map((_, i) => byId.get(`c${i}`)?.frequency_score),
      [1, 1, 1, 1, 3, 3, 4, 4, 5, 5],
    );
    assert.equal([...byId.values()].filter((row) => row.bottom_20).length, 2);
    assert.equal(byId.get('c9')?.rfm_group, 'champions');
    assert.equal(byId.get('c0')?.rfm_group, 'lost');
    assert.ok(byId.get('c0')?.bottom_20 && byId.get('c1')?.bottom_20, 'the two lowest by R + F + M, ties broken by id');
    // Six repeaters in the cohort, each 20 days from first to second order.
    assert.deepEqual([byId.get('c0')?.purchase_latency_days, byId.get('c0')?.latency_source], [20, 'cohort']);
    assert.deepEqual([byId.get('c9')?.latency_source], ['own']);

    // What BI tools read.
    const { rows: groups } = await db.query<{ rfm_group: string; customers: string }>('select rfm_group, customers from bi_rfm_groups');
    assert.equal(
      groups.reduce((sum, row) => sum + Number(row.customers), 0),
      10,
    );
    const { rows: summary } = await db.query('select customers::int, bottom_20_customers::int from bi_customer_value_summary');
    assert.deepEqual(summary, [{ customers: 10, bottom_20_customers: 2 }]);

    // What a journey sees through journey.profile().
    const facts = await readProfileFacts(db, 'c9', 'USD');
    assert.deepEqual(
      { orders: facts.value?.orders, revenue: facts.value?.netRevenue, rfm: facts.value?.rfm, latency: facts.value?.purchaseLatencyDays },
      { orders: 6, revenue: { amount: 300_00, currency: 'USD' }, rfm: { cell: '555', group: 'champions', bottom20: false }, latency: 20 },
    );
  });

  it('fits the purchase models to the base and predicts more value for frequent, recent buyers', async () => {
    const histories = simulateHistories(
      3_000,
      { r: 0.8, alpha: 30, a: 0.8, b: 2.5 },
      { p: 6, q: 4, gamma: 15 },
      {
        seed: 3,
        observedFor: (random) => 60 + Math.floor(random() * 300),
      },
    );
    // Every order worth the customer's mean (a one-time buyer's, 30.00), in cents.
    await insertMetrics(
      histories.map((h, i) => ({
        id: `s${i}`,
        orders: h.frequency + 1,
        revenue: Math.round((h.frequency + 1) * (h.frequency > 0 ? h.monetaryValue : 30) * 100),
        first: Math.round(h.T),
        last: Math.round(h.T - h.recency),
      })),
    );
    const report = await recomputeCustomerValue(db, { now });
    assert.ok(report.bgNbd && report.gammaGamma, 'both models fitted');
    const { rows } = await db.query<{ frequency_score: number; recency_score: number; alive: number; value: string }>(
      `select frequency_score, recency_score, probability_alive as alive, predicted_value::text as value from customer_scores`,
    );
    assert.equal(rows.length, 3_000);
    assert.ok(rows.every((row) => row.alive > 0 && row.alive <= 1 && Number(row.value) >= 0));
    const mean = (filter: (row: (typeof rows)[number]) => boolean) => {
      const values = rows.filter(filter).map((row) => Number(row.value));
      return values.reduce((sum, value) => sum + value, 0) / values.length;
    };
    assert.ok(mean((row) => row.frequency_score === 5 && row.recency_score >= 4) > mean((row) => row.frequency_score <= 2));

    // Each customer's place by predicted value (percent_rank): the high-value segment's top 10%.
    const { rows: ranks } = await db.query<{ value: string; percentile: number }>(
      'select predicted_value::text as value, predicted_value_percentile as percentile from customer_scores order by predicted_value, customer_id',
    );
    assert.equal(ranks[0]!.percentile, 0);
    for (const [i, rank] of ranks.entries()) {
      const below = ranks.findIndex((other) => other.value === rank.value);
      assert.equal(rank.percentile, below / (ranks.length - 1), `customer ${i}: the share of the base strictly below`);
    }
    const top = ranks.filter((rank) => rank.percentile >= 0.9).length;
    assert.ok(top > 0 && top <= 301, `${top} customers in the top 10%`);
    const { rows: models } = await db.query('select customers from customer_value_models');
    assert.equal(models.length, 2);
  });

  it("predicts from each customer's own repeat rate when the models cannot be fitted (a young shop), so the top 10% is known", async () => {
    // Ten customers, five of them repeat buyers: too few to fit the models to.
    await insertMetrics([
      { id: 'weekly', orders: 12, revenue: 12 * 40_00, first: 120, last: 3 },
      { id: 'monthly', orders: 4, revenue: 4 * 40_00, first: 120, last: 10 },
      { id: 'big-monthly', orders: 4, revenue: 4 * 90_00, first: 120, last: 12 },
      { id: 'new-twice', orders: 2, revenue: 2 * 40_00, first: 10, last: 2 },
      { id: 'old-twice', orders: 2, revenue: 2 * 40_00, first: 300, last: 200 },
      ...[1, 2, 3, 4, 5].map((k) => ({ id: `once-${k}`, orders: 1, revenue: 30_00, first: 20 * k, last: 20 * k })),
    ]);
    const report = await recomputeCustomerValue(db, { now });
    assert.equal(report.bgNbd, null, 'too few repeat buyers to fit');
    const { rows } = await db.query<{ id: string; alive: number | null; orders: number; value: string; percentile: number }>(
      `select customer_id as id, probability_alive as alive, predicted_orders as orders, predicted_value::text as value,
              predicted_value_percentile as percentile from customer_scores`,
    );
    const of = (id: string) => rows.find((row) => row.id === id)!;
    // 11 repeat orders in 120 days: 11 / 120 × 365 next year, each worth 40.00.
    assert.equal(Math.round(of('weekly').orders * 100) / 100, Math.round((11 / 120) * 365 * 100) / 100);
    assert.equal(Number(of('weekly').value), Math.round((11 / 120) * 365 * 40_00));
    // Seen 10 days only: counted as seen for 90, not as buying every 10 days forever.
    assert.equal(Number(of('new-twice').value), Math.round((1 / 90) * 365 * 40_00));
    assert.equal(Number(of('once-1').value), 0, 'no repeat purchase yet: no repeat value predicted');
    assert.ok(
      rows.every((row) => row.alive === null),
      'no model, no P(alive)',
    );
    assert.ok(Number(of('big-monthly').value) > Number(of('monthly').value));
    assert.deepEqual(
      rows.filter((row) => row.percentile >= 0.9).map((row) => row.id),
      ['weekly'],
      'the top 10% by predicted value (the high-value segment)',
    );
  });
});
