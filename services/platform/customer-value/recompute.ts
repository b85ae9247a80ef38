/**
 * The figures that depend on the whole customer base, recomputed together (on a schedule,
 * and by `journeys metrics recompute`): RFM quintiles, groups and the bottom 20%, purchase
 * latency (a one-order customer's from their first-order cohort), and the purchase models
 * (BG/NBD, Gamma-Gamma) fitted to the shop's own customers, with each customer's predicted
 * and potential value. Per-customer order figures are the projector's (customer_metrics).
 */
import type pg from 'pg';
import { inTransaction, type Db } from '../db/pool.ts';
import { expectedPurchases, fitBgNbd, probabilityAlive, type BgNbdFit } from './bg-nbd.ts';
import { expectedPurchaseValue, fitGammaGamma, type GammaGammaFit } from './gamma-gamma.ts';
import type { PurchaseHistory } from './purchase-history.ts';
import { rfmGroupSql } from './rfm.ts';

export interface RecomputeOptions {
  /** Predictions cover this many days (12 months by default). */
  horizonDays?: number;
  /** The models are fitted to at most this many customers, spread over the base. */
  fitSample?: number;
  now?: Date;
}

export interface RecomputeReport {
  customers: number;
  bgNbd: BgNbdFit | null;
  gammaGamma: GammaGammaFit | null;
  seconds: { scores: number; fit: number; predictions: number; total: number };
}

/** A cohort's own latency needs this many customers with a second order; below, the shop's. */
const MIN_COHORT_REPEATERS = 5;
const WRITE_CHUNK = 20_000;
const MIN_REPEATERS_TO_FIT = 20;

export async function recomputeCustomerValue(db: Db, options: RecomputeOptions = {}): Promise<RecomputeReport> {
  const { horizonDays = 365, fitSample = 50_000, now = new Date() } = options;
  const started = performance.now();
  const histories = await readHistories(db, now);
  const sample = histories.filter((_, i) => i % Math.max(1, Math.ceil(histories.length / fitSample)) === 0);
  const repeaters = sample.filter((h) => h.frequency > 0 && h.monetaryValue > 0).length;
  // Without repeat buyers the models have nothing to learn from (their fit runs off to infinity).
  const bgNbd = repeaters >= MIN_REPEATERS_TO_FIT ? fitOrNull(() => fitBgNbd(sample)) : null;
  const gammaGamma = repeaters >= MIN_REPEATERS_TO_FIT ? fitOrNull(() => fitGammaGamma(sample)) : null;
  const fitted = performance.now();

  // One transaction: predictions staged in a temporary table, then every score written once.
  let predicted = fitted;
  const customers = await inTransaction(db, async (client) => {
    // The window functions sort the whole base: in memory, not in temporary files.
    await client.query(`set local work_mem = '256MB'`);
    await client.query(
      `create temporary table staged_predictions (customer_id text primary key, alive float8, orders float8, value bigint, potential bigint,
         percentile float8)
       on commit drop`,
    );
    await stagePredictions(client, histories, bgNbd && gammaGamma ? fittedModels(bgNbd, gammaGamma, horizonDays) : runRate(horizonDays));
    predicted = performance.now();
    return scoreCustomers(client, now);
  });
  const done = performance.now();
  const seconds = {
    fit: (fitted - started) / 1000,
    predictions: (predicted - fitted) / 1000,
    scores: (done - predicted) / 1000,
    total: (done - started) / 1000,
  };
  await db.query(
    `insert into customer_value_models (fitted_at, horizon_days, customers, bg_nbd, gamma_gamma, seconds) values ($1, $2, $3, $4, $5, $6)`,
    [now, horizonDays, customers, bgNbd && modelRecord(bgNbd), gammaGamma && modelRecord(gammaGamma), seconds.total],
  );
  return { customers, bgNbd, gammaGamma, seconds };
}

/** A fit whose every parameter is finite with a standard error, or none this time. */
function fitOrNull<T extends { params: number[]; standardErrors: number[] }>(fit: () => T): T | null {
  try {
    const result = fit();
    const sound = result.params.every((p, i) => Number.isFinite(p) && p > 1e-8 && p < 1e8 && Number.isFinite(result.standardErrors[i]));
    return sound ? result : null;
  } catch {
    return null;
  }
}

const modelRecord = (fit: BgNbdFit | GammaGammaFit) => ({
  params: fit.model,
  standardErrors: fit.standardErrors,
  logLikelihood: fit.logLikelihood,
  customers: fit.customers,
});

/**
 * Scores in one statement. A customer's quintile is the share of the base strictly below
 * them, so tied customers share a score, the lowest one's (a shop of one-time buyers gives
 * them all F = 1, not 5). The bottom 20% by R + F + M, ties broken by money then recency,
 * so that it is 20% exactly.
 */
async function scoreCustomers(client: pg.PoolClient, now: Date): Promise<number> {
  const result = await client.query(
    `with active as (
       select * from customer_metrics where orders > 0 and last_order_at is not null),
     scored as (
       select customer_id, orders, net_revenue, last_order_at, first_order_at, second_order_at, median_days_between_orders,
         (1 + floor(5 * (rank() over (order by last_order_at) - 1)::float8 / count(*) over ()))::smallint as r,
         (1 + floor(5 * (rank() over (order by orders) - 1)::float8 / count(*) over ()))::smallint as f,
         (1 + floor(5 * (rank() over (order by net_revenue) - 1)::float8 / count(*) over ()))::smallint as m
       from active),
     ranked as (
       select *, row_number() over (order by r + f + m, m, net_revenue, last_order_at, customer_id) as value_rank, count(*) over () as base
       from scored),
     first_gaps as (
       select date_trunc('month', first_order_at) as cohort, extract(epoch from second_order_at - first_order_at) / 86400 as days
       from active where second_order_at is not null),
     cohorts as (
       select cohort, percentile_cont(0.5) within group (order by days) as days, count(*) as repeaters from first_gaps group by cohort),
     shop as (select percentile_cont(0.5) within group (order by days) as days from first_gaps)
     insert into customer_scores (customer_id, recency_score, frequency_score, monetary_score, rfm_cell, rfm_group, bottom_20,
       current_value_score, potential_value_score, purchase_latency_days, latency_source,
       probability_alive, predicted_orders, predicted_value, potential_value, predicted_value_percentile, computed_at)
     select k.customer_id, r, f, m, r::text || f::text || m::text, ${rfmGroupSql('r', 'f')}, value_rank <= floor(base * 0.2),
       round((f + m) / 2.0)::smallint, r,
       coalesce(k.median_days_between_orders, case when c.repeaters >= $2 then c.days end, shop.days),
       case when k.median_days_between_orders is not null then 'own' when c.repeaters >= $2 then 'cohort'
            when shop.days is not null then 'shop' end,
       p.alive, p.orders, p.value, p.potential, p.percentile, $1
     from ranked k cross join shop left join cohorts c on c.cohort = date_trunc('month', k.first_order_at)
       left join staged_predictions p on p.customer_id = k.customer_id
     on conflict (customer_id) do update set
       recency_score = excluded.recency_score, frequency_score = excluded.frequency_score, monetary_score = excluded.monetary_score,
       rfm_cell = excluded.rfm_cell, rfm_group = excluded.rfm_group, bottom_20 = excluded.bottom_20,
       current_value_score = excluded.current_value_score, potential_value_score = excluded.potential_value_score,
       purchase_latency_days = excluded.purchase_latency_days, latency_source = excluded.latency_source,
       probability_alive = excluded.probability_alive, predicted_orders = excluded.predicted_orders,
       predicted_value = excluded.predicted_value, potential_value = excluded.potential_value,
       predicted_value_percentile = excluded.predicted_value_percentile, computed_at = excluded.computed_at`,
    [now, MIN_COHORT_REPEATERS],
  );
  // Customers no longer active (every order cancelled, merged away) leave the scores.
  await client.query('delete from customer_scores where computed_at < $1', [now]);
  return result.rowCount ?? 0;
}

interface CustomerHistory extends PurchaseHistory {
  customerId: string;
  cohort: string;
}

/** Each active customer's history in days; value in shop minor units, repeat purchases only. */
async function readHistories(db: Db, now: Date): Promise<CustomerHistory[]> {
  const { rows } = await db.query<{ id: string; o: number; f: number; l: number; n: string; v: string | null; c: string }>(
    `select customer_id as id, orders as o, extract(epoch from first_order_at) as f, extract(epoch from last_order_at) as l,
            net_revenue::text as n, first_order_value::text as v, to_char(first_order_at, 'YYYY-MM') as c
     from customer_metrics where orders > 0 and first_order_at is not null`,
  );
  const nowSeconds = now.getTime() / 1000;
  return rows.map((row) => {
    const frequency = row.o - 1;
    const repeatValue = frequency > 0 ? (Number(row.n) - Number(row.v ?? 0)) / frequency : 0;
    return {
      customerId: row.id,
      cohort: row.c,
      frequency,
      // Whole days: the models' unit, and identical histories then share one evaluation.
      recency: Math.round((Number(row.l) - Number(row.f)) / 86_400),
      T: Math.round(Math.max(nowSeconds - Number(row.f), Number(row.l) - Number(row.f)) / 86_400),
      monetaryValue: Math.max(0, repeatValue),
    };
  });
}

/** What a customer will do over the horizon: orders, each worth, and P(alive) where a model knows it. */
interface Prediction {
  alive: number | null;
  orders: number;
  each: number;
}
interface Predictor {
  horizonDays: number;
  predict: (h: CustomerHistory) => Prediction;
}

/** BG/NBD for how many orders (and P(alive)), Gamma-Gamma for what each is worth. */
function fittedModels(bgNbd: BgNbdFit, gammaGamma: GammaGammaFit, horizonDays: number): Predictor {
  // Identical histories (many one-time buyers of the same day) share their predictions.
  const cache = new Map<string, [number, number]>();
  return {
    horizonDays,
    predict(h) {
      const key = `${h.frequency}|${Math.round(h.recency)}|${Math.round(h.T)}`;
      let prediction = cache.get(key);
      if (!prediction) {
        prediction = [probabilityAlive(bgNbd.model, h), expectedPurchases(bgNbd.model, h, horizonDays)];
        cache.set(key, prediction);
      }
      const orders = Number.isFinite(prediction[1]) ? prediction[1] : 0;
      return { alive: prediction[0], orders, each: expectedPurchaseValue(gammaGamma.model, h) };
    },
  };
}

/**
 * When the models cannot be fitted (a young shop with fewer than 20 repeat buyers, or a base
 * so uniform that a parameter runs to its bound): each customer's own repeat rate so far, at
 * their own repeat order value, over the horizon. Cruder, but the high-value segment and the
 * journeys that read predicted value work from a shop's first weeks. No P(alive).
 */
function runRate(horizonDays: number): Predictor {
  // A customer seen for days only would get a wild rate: their time counts as at least a quarter.
  const minObservedDays = 90;
  return {
    horizonDays,
    predict: (h) => ({ alive: null, orders: (h.frequency / Math.max(h.T, minObservedDays)) * horizonDays, each: h.monetaryValue }),
  };
}

/**
 * Each customer's predictions over the horizon. Potential value: what they would be worth at
 * the purchase rate of the top quintile of their first-order cohort (if above their own).
 */
async function stagePredictions(client: pg.PoolClient, histories: CustomerHistory[], predictor: Predictor) {
  const { horizonDays } = predictor;
  const topRate = new Map<string, number>();
  const byCohort = new Map<string, number[]>();
  for (const h of histories) {
    const rates = byCohort.get(h.cohort) ?? [];
    rates.push(h.T > 0 ? h.frequency / h.T : 0);
    byCohort.set(h.cohort, rates);
  }
  for (const [cohort, rates] of byCohort) {
    rates.sort((a, b) => a - b);
    topRate.set(cohort, rates[Math.floor(rates.length * 0.8)] ?? 0);
  }
  const n = histories.length;
  const alive = new Array<number | null>(n);
  const orders = new Float64Array(n);
  const value = new Float64Array(n);
  const potential = new Float64Array(n);
  histories.forEach((h, i) => {
    const prediction = predictor.predict(h);
    alive[i] = prediction.alive;
    orders[i] = prediction.orders;
    value[i] = Math.round(prediction.orders * prediction.each);
    const cohortOrders = (topRate.get(h.cohort) ?? 0) * horizonDays * (prediction.alive ?? 1);
    potential[i] = Math.round(Math.max(prediction.orders, cohortOrders) * prediction.each);
  });
  // Each customer's place by predicted value, as percent_rank: the share strictly below them.
  const sorted = Float64Array.from(value).sort();
  const percentile = (v: number) => (n > 1 ? lowerBound(sorted, v) / (n - 1) : 0);
  for (let start = 0; start < n; start += WRITE_CHUNK) {
    const end = Math.min(n, start + WRITE_CHUNK);
    const ids = histories.slice(start, end).map((h) => h.customerId);
    const part = (values: Float64Array) => Array.from(values.subarray(start, end));
    await client.query(
      `insert into staged_predictions select * from unnest($1::text[], $2::float8[], $3::float8[], $4::bigint[], $5::bigint[], $6::float8[])`,
      [ids, alive.slice(start, end), part(orders), part(value), part(potential), part(value).map(percentile)],
    );
  }
}

/** The first index of `sorted` whose value is not below `v`. */
function lowerBound(sorted: Float64Array, v: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < v) low = mid + 1;
    else high = mid;
  }
  return low;
}
