/**
 * `npm run bench:customer-value`: the base-wide recompute (RFM, latency, the purchase models
 * and every customer's predictions) over BENCH_CUSTOMERS customers (1,000,000), in a
 * database of its own (dropped afterwards). Histories come from the purchase models
 * themselves (seeded): one-time buyers, loyal regulars and lapsed customers in the
 * proportions a shop sees, first orders spread over two years. Runs BENCH_RUNS times (3)
 * and prints the median with the spread; the goal is under 60 s.
 *
 * Then every customer's segments, as the schedule decides them after the recompute: once
 * from nothing (everyone enters their segments: the day segments are switched on) and then
 * again BENCH_RUNS times (the nightly case: the day's few changes). BENCH_SEGMENTS=0 skips
 * them (the "from nothing" pass alone takes minutes).
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { simulateHistories } from '../services/platform/customer-value/simulate.ts';
import { recomputeCustomerValue } from '../services/platform/customer-value/recompute.ts';
import { loadConfig } from '../services/platform/config.ts';
import { migrate } from '../services/platform/db/migrate.ts';
import { createDb } from '../services/platform/db/pool.ts';
import { createScratchDatabase } from '../test/support/scratch-database.ts';
import { segmentRegistry } from '../segments/index.ts';
import { saveCurrencyRates } from '../services/processes/projector/customer-metrics.ts';
import { refreshAllSegments, type SegmentsRefreshed } from '../services/platform/segments/refresh-all.ts';
import { median, spread } from './stats.ts';

const customers = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const withSegments = process.env.BENCH_SEGMENTS !== '0';
const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const now = new Date();
const DAY = 86_400_000;

const scratch = await createScratchDatabase(loadConfig().databaseUrl, 'journeys_bench_value');
const db = createDb(scratch.url);
try {
  await migrate(db);
  say(`generating ${customers.toLocaleString('en')} customers' order histories`);
  const started = performance.now();
  const chunk = 50_000;
  for (let offset = 0; offset < customers; offset += chunk) {
    const histories = simulateHistories(
      Math.min(chunk, customers - offset),
      { r: 0.8, alpha: 30, a: 0.8, b: 2.5 },
      { p: 6, q: 4, gamma: 15 },
      { seed: offset + 1, observedFor: (random) => 1 + Math.floor(random() * 730) },
    );
    const ms = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
    await db.query(
      `insert into customer_metrics (customer_id, orders, net_revenue, unconverted_orders, first_order_at, second_order_at, last_order_at,
         first_order_value, average_order_value, median_days_between_orders, updated_at)
       select id, o, n, 0, f, s, l, n / o, n / o, g, now()
       from unnest($1::text[], $2::int[], $3::bigint[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[], $7::float8[])
         as t(id, o, n, f, s, l, g)`,
      [
        histories.map((_, i) => `bench-${offset + i}`),
        histories.map((h) => h.frequency + 1),
        histories.map((h) => Math.round((h.frequency + 1) * (h.frequency > 0 ? h.monetaryValue : 30) * 100)),
        histories.map((h) => ms(h.T)),
        // The second order: spread evenly between first and last, as a stand-in for the real one.
        histories.map((h) => (h.frequency > 0 ? ms(h.T - h.recency / h.frequency) : null)),
        histories.map((h) => ms(h.T - h.recency)),
        histories.map((h) => (h.frequency > 0 ? h.recency / h.frequency : null)),
      ],
    );
  }
  // What segments read beside the metrics: each order (a product, a coupon on one first order
  // in five) and a profile with a country.
  await saveCurrencyRates(db, { code: 'USD', rates: {} });
  await db.query(
    `insert into orders (order_id, customer_id, status, total_amount, currency, coupon, completed_at, updated_at, product_ids)
     select customer_id || '-' || k, customer_id, 'completed', net_revenue / orders, 'USD',
            case when k = 1 and abs(hashtext(customer_id)) % 5 = 0 then 'WELCOME' end,
            first_order_at + (last_order_at - first_order_at) * ((k - 1)::float8 / greatest(orders - 1, 1)), now(),
            array['product-' || abs(hashtext(customer_id || k)) % 1000]
     from customer_metrics, generate_series(1, orders) as k`,
  );
  await db.query(
    `insert into customers (customer_id, country, traits, updated_at)
     select customer_id, (array['US', 'FR', 'DE', 'GB'])[1 + abs(hashtext(customer_id)) % 4], '{}', now() from customer_metrics`,
  );
  await db.query('analyze');
  say(`generated in ${((performance.now() - started) / 1000).toFixed(0)} s`);

  const reports: Awaited<ReturnType<typeof recomputeCustomerValue>>[] = [];
  for (let run = 1; run <= runs; run += 1) {
    const load = loadavg()
      .map((value) => value.toFixed(2))
      .join(' / ');
    say(`run ${run}/${runs}: load average ${load}`);
    const report = await recomputeCustomerValue(db, { now: new Date(now.getTime() + run) });
    say(
      `  ${report.seconds.total.toFixed(1)} s: RFM and latency ${report.seconds.scores.toFixed(1)} s, fit ${report.seconds.fit.toFixed(1)} s, predictions ${report.seconds.predictions.toFixed(1)} s`,
    );
    reports.push(report);
  }
  const segmentRuns: SegmentsRefreshed[] = [];
  const first = withSegments ? await refreshAllSegments(db, segmentRegistry, { now }) : null;
  if (first) say(`segments from nothing: ${first.seconds.toFixed(1)} s, ${first.entered.toLocaleString('en')} entries`);
  for (let run = 1; first && run <= runs; run += 1) {
    const again = await refreshAllSegments(db, segmentRegistry, { now: new Date(now.getTime() + run * DAY) });
    say(`segments again, a day later: ${again.seconds.toFixed(1)} s, ${again.entered + again.exited} changes`);
    segmentRuns.push(again);
  }
  const orders = (await db.query<{ n: string }>('select count(*)::text as n from orders')).rows[0]!.n;
  const seconds = (values: number[]) => {
    const [low, high] = spread(values);
    return `${median(values).toFixed(1)} s (${low.toFixed(1)} – ${high.toFixed(1)})`;
  };
  const figure = (pick: (r: (typeof reports)[number]) => number) => seconds(reports.map(pick));
  const fit = reports.at(-1)!;
  process.stdout.write(
    `\n${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ` +
      `${customers.toLocaleString('en')} customers with orders, ${runs} runs; median (min – max)\n\n` +
      `| Part                         | Time |\n| ---------------------------- | ---- |\n` +
      `| RFM, groups, latency (SQL)   | ${figure((r) => r.seconds.scores)} |\n` +
      `| BG/NBD + Gamma-Gamma fit     | ${figure((r) => r.seconds.fit)} |\n` +
      `| Predictions for every customer | ${figure((r) => r.seconds.predictions)} |\n` +
      `| Total                        | ${figure((r) => r.seconds.total)} |\n\n` +
      (first
        ? `Segments (${segmentRegistry.length}) for every customer (${Number(orders).toLocaleString('en')} orders): ` +
          `from nothing ${first.seconds.toFixed(1)} s (${first.entered.toLocaleString('en')} entries); ` +
          `a day later ${seconds(segmentRuns.map((r) => r.seconds))} ` +
          `(${segmentRuns.map((r) => (r.entered + r.exited).toLocaleString('en')).join(', ')} changes)\n\n`
        : '') +
      `Fitted: BG/NBD ${JSON.stringify(fit.bgNbd?.model)}; Gamma-Gamma ${JSON.stringify(fit.gammaGamma?.model)} ` +
      `(simulated from r 0.8, alpha 30, a 0.8, b 2.5; p 6, q 4, gamma 15)\n`,
  );
} finally {
  await db.end();
  await scratch.drop();
}
