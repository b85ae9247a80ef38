/**
 * What a journey earns, over a window of entries (default the last 30 days): its funnel,
 * conversions and revenue, holdout lift with its significance, the A/B readout, daily
 * conversions. Read from the analytics tables (journey-outcomes' projection) and the orders
 * projection: a conversion is an order of the customer within the journey's attribution
 * window after an entry (default 7 days), credited to that entry (the latest, when windows
 * overlap) and to the last step the customer got before it (or would have got: the holdout's
 * recorded skips); revenue is net of refunds, in the shop's currency. The customer is the
 * unit of comparison, as arms are drawn per customer (workflows/lib/assignment.ts).
 */
import { minorUnitDigits } from '../../../schemas/primitives.ts';
import type { Queryable } from '../db/pool.ts';
import { compareMeans, compareProportions, minimumDetectableEffect, type MeanComparison, type ProportionComparison } from './statistics.ts';
import { verdict } from './verdict.ts';

const DAY = 86_400_000;
export const DEFAULT_REPORT_DAYS = 30;

/** What the report needs to know of the journey (workflows/lib/journey-reporting.ts makes it from a descriptor). */
export interface ReportedJourney {
  id: string;
  /** As the journey says it ('7 days'), and in ms. */
  attributionWindow: string;
  attributionWindowMs: number;
  holdsOut: boolean;
  /** In the experiment's order: the first is the control. */
  variants: readonly string[];
}

/** For a journey the caller does not describe: the defaults, and what the data shows. */
const unknownJourney = (id: string): ReportedJourney => ({
  id,
  attributionWindow: '7 days',
  attributionWindowMs: 7 * DAY,
  holdsOut: false,
  variants: [],
});

export interface StepFunnel {
  step: string;
  sent: number;
  /** By reason (no-consent, holdout, …). */
  skipped: Record<string, number>;
  failed: number;
  cancelled: number;
  /** Entries with a click on this step's message. */
  clicked: number;
}

export interface GroupFigures {
  customers: number;
  converted: number;
  conversionRate: number;
  /** Net of refunds, shop currency (major units). */
  revenue: number;
  revenuePerCustomer: number;
}

export interface Comparison {
  conversion: ProportionComparison;
  revenue: MeanComparison;
  verdict: string;
  revenueVerdict: string;
  /** Smallest difference in conversion rate (absolute) this sample could detect (80% power). */
  minimumDetectableEffect: number | null;
}

export interface JourneyReport {
  journeyId: string;
  window: { from: string; to: string; days: number };
  attributionWindow: string;
  currency: string;
  /** Entries (a customer may enter more than once), their steps, clicks; converted customers and their revenue. */
  funnel: { entered: number; steps: StepFunnel[]; clicked: number; converted: number; revenue: number };
  exits: Record<string, number>;
  /** Customers in the journey now, by the last step decided for them. */
  activeByStep: Record<string, number>;
  treated: GroupFigures;
  holdout: GroupFigures;
  /** Treated against holdout; null without a holdout. */
  lift: (Comparison & { incrementalRevenue: number }) | null;
  variants: (GroupFigures & { variant: string })[];
  /** Each variant against the first (the experiment's control); empty without an experiment. */
  abTests: (Comparison & { control: string; variant: string })[];
  conversionsByStep: { step: string; conversions: number; revenue: number }[];
  daily: { day: string; treated: number; holdout: number; revenue: number }[];
}

export interface ReportOptions {
  journeyId: string;
  /** Its attribution window, holdout and variants; the defaults without it. */
  journey?: ReportedJourney;
  days?: number;
  now?: Date;
}

export async function journeyReport(db: Queryable, options: ReportOptions): Promise<JourneyReport> {
  const days = options.days ?? DEFAULT_REPORT_DAYS;
  const to = options.now ?? new Date();
  const from = new Date(to.getTime() - days * DAY);
  const journey = options.journey ?? unknownJourney(options.journeyId);
  const { attributionWindow } = journey;
  const currency = await shopCurrency(db);
  const major = (minor: number) => minor / 10 ** minorUnitDigits(currency);
  const params = [options.journeyId, from.toISOString(), to.toISOString(), `${journey.attributionWindowMs} milliseconds`];

  const { arms, attributed, steps, clicks, exits, active } = await inReportTransaction(db, async (client) => ({
    arms: await client.query<{ arm: string; variant: string | null; customers: number; entries: number }>(
      `select arm, variant, count(*)::int as customers, sum(entries)::int as entries
       from (select customer_id, arm, variant, count(*) as entries from journey_entries
             where journey_id = $1 and entered_at >= $2 and entered_at < $3 group by 1, 2, 3) as customers
       group by arm, variant`,
      params.slice(0, 3),
    ),
    attributed: await client.query<{ converted: Converted[]; by_step: ByStep[]; daily: Daily[] }>(ATTRIBUTED, params),
    steps: await client.query<{ step: string; status: string; reason: string | null; n: number; offset_s: number }>(
      `select step, status, reason, count(*)::int as n, avg(extract(epoch from at - entered_at))::float8 as offset_s
       from journey_step_outcomes
       where journey_id = $1 and entered_at >= $2 and entered_at < $3 and status <> 'deferred'
       group by 1, 2, 3`,
      params.slice(0, 3),
    ),
    clicks: await client.query<{ step: string | null; n: number }>(
      `select m.step, count(distinct m.workflow_id)::int as n
       from message_engagement m join journey_entries e using (workflow_id)
       where m.journey_id = $1 and m.kind = 'click' and m.at >= $2 and e.journey_id = $1 and e.entered_at >= $2 and e.entered_at < $3
       group by rollup (m.step)`,
      params.slice(0, 3),
    ),
    exits: await client.query<{ reason: string; n: number }>(
      `select coalesce(exit_reason, ended) as reason, count(*)::int as n from journey_entries
       where journey_id = $1 and entered_at >= $2 and entered_at < $3 and ended is not null group by 1`,
      params.slice(0, 3),
    ),
    active: await client.query<{ step: string; n: number }>(
      `select current_step as step, count(*)::int as n from journey_entries where journey_id = $1 and ended is null group by 1`,
      params.slice(0, 1),
    ),
  }));
  const { converted, by_step: byStep, daily } = attributed.rows[0]!;
  // Per arm and variant: customers who entered, and what those who converted spent.
  const groups = arms.rows.map((row) => {
    const spent = converted.find((candidate) => candidate.arm === row.arm && candidate.variant === row.variant);
    return { ...row, converted: spent?.converted ?? 0, revenue: spent?.revenue ?? 0, revenue_sq: spent?.revenue_sq ?? 0 };
  });

  const figures = (rows: typeof groups): GroupFigures => {
    const customers = rows.reduce((sum, row) => sum + row.customers, 0);
    const converted = rows.reduce((sum, row) => sum + row.converted, 0);
    const revenue = major(rows.reduce((sum, row) => sum + row.revenue, 0));
    return {
      customers,
      converted,
      conversionRate: customers === 0 ? 0 : converted / customers,
      revenue,
      revenuePerCustomer: customers === 0 ? 0 : revenue / customers,
    };
  };
  const sums = (rows: typeof groups) => ({
    n: rows.reduce((sum, row) => sum + row.customers, 0),
    sum: major(rows.reduce((sum, row) => sum + row.revenue, 0)),
    sumOfSquares: major(major(rows.reduce((sum, row) => sum + row.revenue_sq, 0))),
  });
  const compare = (control: typeof groups, treated: typeof groups, names?: { control: string; treated: string }): Comparison => {
    const conversion = compareProportions({
      control: { n: figures(control).customers, conversions: figures(control).converted },
      treated: { n: figures(treated).customers, conversions: figures(treated).converted },
    });
    const revenue = compareMeans({ control: sums(control), treated: sums(treated) });
    return {
      conversion,
      revenue,
      verdict: verdict({ comparison: conversion, ...(names ? { variants: names } : {}) }),
      revenueVerdict: verdict({ comparison: revenue, currency, ...(names ? { variants: names } : {}) }),
      minimumDetectableEffect: minimumDetectableEffect({
        control: figures(control).customers,
        treated: figures(treated).customers,
        baselineRate: figures(control).conversionRate,
      }),
    };
  };

  const treatedRows = groups.filter((row) => row.arm === 'treated');
  const holdoutRows = groups.filter((row) => row.arm === 'holdout');
  const treated = figures(treatedRows);
  const holdout = figures(holdoutRows);
  const lift =
    !journey.holdsOut && holdoutRows.length === 0
      ? null
      : {
          ...compare(holdoutRows, treatedRows),
          incrementalRevenue: (treated.revenuePerCustomer - holdout.revenuePerCustomer) * treated.customers,
        };

  const order = journey.variants;
  const variantIds = [...new Set(treatedRows.flatMap((row) => (row.variant ? [row.variant] : [])))].sort(
    (a, b) => rank(order, a) - rank(order, b) || a.localeCompare(b),
  );
  const ofVariant = (id: string) => treatedRows.filter((row) => row.variant === id);
  const [controlVariant, ...others] = variantIds;
  const abTests =
    controlVariant === undefined
      ? []
      : others.map((id) => ({
          control: controlVariant,
          variant: id,
          ...compare(ofVariant(controlVariant), ofVariant(id), { control: `Variant ${controlVariant}`, treated: `Variant ${id}` }),
        }));

  const clickedByStep = new Map(clicks.rows.filter((row) => row.step !== null).map((row) => [row.step!, row.n]));
  const stepRows = steps.rows;
  const funnelSteps = [...new Set(stepRows.map((row) => row.step))]
    .map((step) => {
      const rows = stepRows.filter((row) => row.step === step);
      const count = (status: string) => rows.filter((row) => row.status === status).reduce((sum, row) => sum + row.n, 0);
      const skipped: Record<string, number> = {};
      for (const row of rows.filter((row) => row.status === 'skipped')) skipped[row.reason ?? 'unknown'] = row.n;
      const offset = Math.min(...rows.map((row) => row.offset_s));
      return {
        offset,
        funnel: {
          step,
          sent: count('sent'),
          skipped,
          failed: count('failed'),
          cancelled: count('cancelled'),
          clicked: clickedByStep.get(step) ?? 0,
        },
      };
    })
    .sort((a, b) => a.offset - b.offset)
    .map(({ funnel }) => funnel);

  const dailyByDay = new Map<string, { day: string; treated: number; holdout: number; revenue: number }>();
  for (const row of daily) {
    const day = dailyByDay.get(row.day) ?? { day: row.day, treated: 0, holdout: 0, revenue: 0 };
    if (row.arm === 'holdout') day.holdout += row.conversions;
    else day.treated += row.conversions;
    day.revenue += major(row.revenue);
    dailyByDay.set(row.day, day);
  }

  return {
    journeyId: options.journeyId,
    window: { from: from.toISOString(), to: to.toISOString(), days },
    attributionWindow,
    currency,
    funnel: {
      entered: arms.rows.reduce((sum, row) => sum + row.entries, 0),
      steps: funnelSteps,
      clicked: clicks.rows.find((row) => row.step === null)?.n ?? 0,
      converted: treated.converted + holdout.converted,
      revenue: treated.revenue + holdout.revenue,
    },
    exits: Object.fromEntries(exits.rows.map((row) => [row.reason, row.n])),
    activeByStep: Object.fromEntries(active.rows.map((row) => [row.step, row.n])),
    treated,
    holdout,
    lift,
    variants: variantIds.map((variant) => ({ variant, ...figures(ofVariant(variant)) })),
    abTests,
    conversionsByStep: byStep.map((row) => ({ step: row.step ?? 'entry', conversions: row.conversions, revenue: major(row.revenue) })),
    daily: [...dailyByDay.values()],
  };
}

interface Converted {
  arm: string;
  variant: string | null;
  converted: number;
  revenue: number;
  revenue_sq: number;
}
interface ByStep {
  step: string | null;
  conversions: number;
  revenue: number;
}
interface Daily {
  day: string;
  arm: string;
  conversions: number;
  revenue: number;
}

/**
 * The orders attributed to the window's entries ($1 journey, $2–$3 entries' window, $4
 * attribution window): each order of the customer (the one a visitor's entry became, if it
 * was merged since: the orders moved to them) within the attribution window after an
 * entry, to the latest such entry, net of refunds in shop minor units; then, in one pass,
 * what the converted customers spent per arm and variant, conversions by the step credited
 * (the last got, or would have got, before the order) and by day.
 */
const ATTRIBUTED = `
  with attributed as (
    select distinct on (o.order_id) e.customer_id, e.arm, e.variant, e.credited_steps, e.credited_at, o.completed_at,
           ((coalesce(o.total_amount, 0) - o.refunded_amount) * coalesce(r.rate, 1))::float8 as net
    from journey_entries e
    left join customer_identities i on i.merged_id = e.customer_id
    join orders o on o.customer_id = coalesce(i.customer_id, e.customer_id) and o.completed_at >= e.entered_at and o.completed_at < e.entered_at + $4::interval
    left join currency_rates r on r.currency = o.currency
    where e.journey_id = $1 and e.entered_at >= $2 and e.entered_at < $3
      and o.completed_at >= $2 and o.completed_at < $3::timestamptz + $4::interval and o.status <> 'cancelled'
    order by o.order_id, e.entered_at desc),
  per_customer as (select customer_id, arm, variant, sum(net) as revenue from attributed group by 1, 2, 3),
  converted as (
    select arm, variant, count(*)::int as converted, sum(revenue)::float8 as revenue, sum(revenue * revenue)::float8 as revenue_sq
    from per_customer group by 1, 2),
  by_step as (
    select step, count(*)::int as conversions, sum(net)::float8 as revenue
    from (select (select u.step from unnest(credited_steps, credited_at) as u(step, at) where u.at <= completed_at
                  order by u.at desc limit 1) as step, net
          from attributed) as credited
    group by 1),
  daily as (
    select to_char(completed_at at time zone 'UTC', 'YYYY-MM-DD') as day, arm, count(*)::int as conversions, sum(net)::float8 as revenue
    from attributed group by 1, 2)
  select (select coalesce(json_agg(c), '[]') from converted as c) as converted,
         (select coalesce(json_agg(s order by s.conversions desc), '[]') from by_step as s) as by_step,
         (select coalesce(json_agg(d order by d.day), '[]') from daily as d) as daily`;

/** The report's queries in one read-only transaction (one snapshot), with room to sort and hash in memory and no JIT (it costs more than it saves here). */
async function inReportTransaction<T>(db: Queryable, work: (client: Queryable) => Promise<T>): Promise<T> {
  if ('release' in db) return work(db); // the caller's client, and its transaction
  const client = await db.connect();
  try {
    await client.query('begin read only');
    await client.query("set local work_mem = '64MB'");
    await client.query('set local jit = off');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}

const rank = (order: readonly string[], id: string) => (order.includes(id) ? order.indexOf(id) : order.length);

async function shopCurrency(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ currency: string }>('select currency from currency_rates where shop');
  return rows[0]?.currency ?? 'USD';
}
