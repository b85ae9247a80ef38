/**
 * What segments may ask about customers (SegmentFacts), read for many customers in one
 * statement: the projections (profile, consent, orders, customer_metrics), the last
 * recompute's scores, the message ledger (which emails preceded an order), and the last
 * day's browsing from the event store.
 */
import type pg from 'pg';
import type { SegmentFacts } from '../../../segments/define.ts';
import type { Channel } from '../../../schemas/primitives.ts';
import type { RfmGroup } from '../../../schemas/customer-value.ts';

/** An order this soon after an email counts as converted from it. */
export const EMAIL_ATTRIBUTION_DAYS = 7;
/** How far back browsing counts: "viewed twice within a day". */
export const BROWSING_WINDOW_HOURS = 24;

interface FactsRow {
  customer_id: string;
  shop_currency: string | null;
  orders: number | null;
  net_revenue: string | null;
  /** Epoch milliseconds. */
  first_order_at: number | null;
  last_order_at: number | null;
  largest_order: string | null;
  product_ids: string[];
  coupons: string[];
  redeemed: string[];
  from_email: boolean;
  rfm_cell: string | null;
  rfm_group: string | null;
  bottom_20: boolean | null;
  purchase_latency_days: number | null;
  predicted_value: string | null;
  predicted_value_percentile: number | null;
  country: string | null;
  state: string | null;
  postal_code: string | null;
  traits: Record<string, unknown> | null;
  signed_up_at: number | null;
  viewed_twice: { productId: string; views: number; firstViewedAt: number }[] | null;
  last_carted_at: number | null;
  consent: Channel[];
  member_of: string[];
}

/**
 * Whose facts to read: a batch's few customers by id, or a slice of every customer by a
 * range of ids in the database's order (`to` excluded; null: to the end), as the recompute
 * reads them. A long id list would be matched against every row of each table; a range is
 * an index scan, and the ids need not travel.
 */
export type FactsScope = { ids: readonly string[] } | { from: string; to: string | null };

/** What each customer in scope is in now (unlocked), beside their facts. */
export interface ScopedFacts {
  facts: SegmentFacts[];
  memberships: Map<string, string[]>;
}

export async function readSegmentFacts(client: Pick<pg.ClientBase, 'query'>, scope: FactsScope, now: Date): Promise<ScopedFacts> {
  const byIds = 'ids' in scope;
  const these = (column: string) =>
    byIds ? `${column} = any($3)` : scope.to === null ? `${column} >= $3` : `${column} >= $3 and ${column} < $4`;
  const ids = byIds
    ? 'select unnest($3::text[])'
    : ['customers', 'customer_metrics', 'customer_segments']
        .map((table) => `select customer_id from ${table} where ${these('customer_id')}`)
        .join(' union ');
  const browsedSince = new Date(now.getTime() - BROWSING_WINDOW_HOURS * 3_600_000);
  const params = byIds
    ? [EMAIL_ATTRIBUTION_DAYS, browsedSince, scope.ids]
    : [EMAIL_ATTRIBUTION_DAYS, browsedSince, scope.from, ...(scope.to === null ? [] : [scope.to])];
  // Set-based (one pass over each table's rows in scope), not a subquery per customer. One
  // JSON document back, parsed natively at once rather than twenty typed columns per row.
  const { rows } = await client.query<{ facts: FactsRow[] | null }>(
    `select json_agg(f) as facts from (with ids (customer_id) as (${ids}),
     bought as (
       select o.customer_id, max(round((o.total_amount - o.refunded_amount) * r.rate)) as largest_order,
              array_remove(array_agg(distinct o.coupon), null) as coupons,
              array_remove(array_agg(distinct p.product_id), null) as product_ids
       from orders o left join currency_rates r on r.currency = o.currency
         left join lateral unnest(o.product_ids) as p (product_id) on true
       where ${these('o.customer_id')} and o.status <> 'cancelled'
       group by o.customer_id),
     redeemed as (
       select customer_id, array_agg(coupon_name) as coupons from coupon_redemptions where ${these('customer_id')} group by customer_id),
     from_email as (
       select distinct o.customer_id from orders o
         join messages msg on msg.customer_id = o.customer_id and msg.channel = 'email' and msg.status = 'sent'
           and msg.sent_at between o.completed_at - make_interval(days => $1) and o.completed_at
       where ${these('o.customer_id')} and o.status <> 'cancelled'),
     viewed as (
       select customer_id, json_agg(json_build_object('productId', product_id, 'views', views,
                'firstViewedAt', extract(epoch from first_at) * 1000)) as products
       from (select customer_id, payload->>'product_id' as product_id, count(*)::int as views, min(occurred_at) as first_at
             from events where ${these('customer_id')} and type = 'Product Viewed' and occurred_at > $2
             group by customer_id, payload->>'product_id' having count(*) >= 2) v
       group by customer_id),
     carted as (
       select customer_id, max(occurred_at) as at from events
       where ${these('customer_id')} and type in ('Product Added', 'Checkout Started') and occurred_at > $2 group by customer_id),
     consented as (
       select customer_id, array_agg(channel order by channel) as channels from consent
       where ${these('customer_id')} and purpose = 'marketing' and granted group by customer_id)
     select ids.customer_id, (select currency from currency_rates where shop) as shop_currency,
       m.orders, m.net_revenue::text, extract(epoch from m.first_order_at) * 1000 as first_order_at,
       extract(epoch from m.last_order_at) * 1000 as last_order_at, b.largest_order::text,
       coalesce(b.coupons, '{}') as coupons, coalesce(b.product_ids, '{}') as product_ids,
       coalesce(d.coupons, '{}') as redeemed, e.customer_id is not null as from_email,
       s.rfm_cell, s.rfm_group, s.bottom_20, s.purchase_latency_days, s.predicted_value::text, s.predicted_value_percentile,
       p.country, p.address->>'state' as state, p.address->>'postalCode' as postal_code, p.traits,
       extract(epoch from p.signed_up_at) * 1000 as signed_up_at, vw.products as viewed_twice,
       extract(epoch from ct.at) * 1000 as last_carted_at,
       coalesce(c.channels, '{}') as consent, coalesce(g.segments, '{}') as member_of
     from ids
       left join (select * from customer_metrics where ${these('customer_id')}) m on m.customer_id = ids.customer_id
       left join (select * from customer_scores where ${these('customer_id')}) s on s.customer_id = ids.customer_id
       left join (select * from customers where ${these('customer_id')}) p on p.customer_id = ids.customer_id
       left join (select * from customer_segments where ${these('customer_id')}) g on g.customer_id = ids.customer_id
       left join bought b on b.customer_id = ids.customer_id
       left join redeemed d on d.customer_id = ids.customer_id
       left join from_email e on e.customer_id = ids.customer_id
       left join viewed vw on vw.customer_id = ids.customer_id
       left join carted ct on ct.customer_id = ids.customer_id
       left join consented c on c.customer_id = ids.customer_id) f`,
    params,
  );
  const found = rows[0]?.facts ?? [];
  return {
    facts: found.map((row) => factsOf(row, now)),
    memberships: new Map(found.map((row) => [row.customer_id, row.member_of])),
  };
}

function factsOf(row: FactsRow, now: Date): SegmentFacts {
  const money = (value: string | null) => (value === null ? null : Number(value));
  return {
    customerId: row.customer_id,
    now,
    // Written by the projector at start (currency_rates); before that, SHOP_CURRENCY's default.
    shopCurrency: row.shop_currency ?? 'USD',
    orders: row.orders ?? 0,
    netRevenue: money(row.net_revenue) ?? 0,
    firstOrderAt: row.first_order_at === null ? null : new Date(row.first_order_at),
    lastOrderAt: row.last_order_at === null ? null : new Date(row.last_order_at),
    signedUpAt: row.signed_up_at === null ? null : new Date(row.signed_up_at),
    largestOrder: money(row.largest_order),
    productIds: new Set(row.product_ids),
    couponsUsed: [...new Set([...row.coupons, ...row.redeemed])],
    convertedFromEmail: row.from_email,
    rfm: row.rfm_cell === null ? null : { cell: row.rfm_cell, group: row.rfm_group as RfmGroup, bottom20: row.bottom_20 === true },
    purchaseLatencyDays: row.purchase_latency_days,
    predictedValue: money(row.predicted_value),
    predictedValuePercentile: row.predicted_value_percentile,
    country: row.country,
    state: row.state,
    postalCode: row.postal_code,
    marketingConsent: row.consent,
    traits: row.traits ?? {},
    productsViewedTwice: (row.viewed_twice ?? []).map((viewed) => ({ ...viewed, firstViewedAt: new Date(viewed.firstViewedAt) })),
    lastCartedAt: row.last_carted_at === null ? null : new Date(row.last_carted_at),
  };
}
