/**
 * The demo shop's past: a year of orders from earlier customers, sent through the ingest API
 * as a shop importing its history would (Segment batches with past timestamps), so that the
 * recompute has a base to score and fit, and the demo's shoppers get an RFM group, a CLV and
 * their segments.
 */
import { simulateHistories } from '../../platform/customer-value/simulate.ts';
import type { Db } from '../../platform/db/pool.ts';
import { recomputeCustomerValue } from '../../platform/customer-value/recompute.ts';
import { refreshAllSegments } from '../../platform/segments/refresh-all.ts';
import { segmentRegistry } from '../../../segments/index.ts';
import { customerSegments } from '../../platform/segments/membership.ts';
import { readCustomerValue } from '../../platform/db/customer-value.ts';
import { waitFor } from '../../platform/wait-for.ts';
import { expectAccepted, type SegmentClient } from './segment-client.ts';

const DAY = 86_400_000;

/** Earlier customers' orders (seeded), as Order Completed calls dated in the past. */
export async function importOrderHistory(shop: SegmentClient, db: Db, options: { run: string; customers: number; currency: string }) {
  const histories = simulateHistories(
    options.customers,
    { r: 0.8, alpha: 30, a: 0.8, b: 2.5 },
    { p: 6, q: 4, gamma: 15 },
    {
      seed: 2026,
      observedFor: (random) => 30 + Math.floor(random() * 335),
    },
  );
  const now = Date.now();
  const calls = histories.flatMap((history, i) => {
    const userId = `shopper-${options.run}-${i}`;
    // The first order T days ago, the repeat ones spread up to the last, T - recency days ago.
    const times = [
      history.T,
      ...Array.from({ length: history.frequency }, (_, k) => history.T - (history.recency * (k + 1)) / history.frequency),
    ];
    return times.map((daysAgo, k) => ({
      type: 'track',
      userId,
      event: 'Order Completed',
      timestamp: new Date(now - daysAgo * DAY).toISOString(),
      properties: { order_id: `${userId}-${k}`, total: Math.round((history.monetaryValue || 30) * 100) / 100, currency: options.currency },
    }));
  });
  for (let i = 0; i < calls.length; i += 100) await expectAccepted(shop.post('/v1/batch', { batch: calls.slice(i, i + 100) }));
  await waitFor(
    async () => {
      const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from customer_metrics where customer_id like $1`, [
        `shopper-${options.run}-%`,
      ]);
      return rows[0]!.n >= options.customers ? true : undefined;
    },
    { timeoutMs: 120_000, what: "the earlier customers' orders in the projections" },
  );
  return { customers: histories.length, orders: calls.length };
}

/** Recomputes and decides everyone's segments (what the nightly schedule does), then one line per shopper: their RFM reading, value and segments. */
export async function describeValue(db: Db, shoppers: { id: string; name: string }[], format: (minor: number) => string) {
  const report = await recomputeCustomerValue(db);
  const segmented = await refreshAllSegments(db, segmentRegistry);
  const lines = [
    `Recomputed RFM, latency and CLV for ${report.customers} customers with orders in ${report.seconds.total.toFixed(1)} s;`,
    `decided ${segmented.customers} customers' segments (${segmented.entered} entered, ${segmented.exited} left), each change a Segment Entered/Exited event.`,
  ];
  for (const shopper of shoppers) {
    const value = await readCustomerValue(db, shopper.id);
    const scores = value?.scores;
    const { ids } = await customerSegments(db, shopper.id);
    const segments = ids.length > 0 ? `; segments: ${ids.join(', ')}` : '';
    if (!value || value.orders === 0 || !scores) {
      lines.push(`  ${shopper.name}: no orders yet, so no RFM group or CLV${segments}`);
      continue;
    }
    const predicted = scores.predictedValue === null ? 'not predicted' : `${format(scores.predictedValue)} predicted over 12 months`;
    lines.push(
      `  ${shopper.name}: RFM ${scores.rfmCell} (${scores.rfmGroup}${scores.bottom20 ? ', bottom 20%: no marketing' : ''}), ` +
        `${value.orders} order${value.orders > 1 ? 's' : ''} worth ${format(value.netRevenue)}, CLV ${predicted}` +
        (scores.probabilityAlive === null ? '' : `, ${Math.round(scores.probabilityAlive * 100)}% likely still a customer`) +
        segments,
    );
  }
  return lines;
}
