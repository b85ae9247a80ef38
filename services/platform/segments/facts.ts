/**
 * What segments may ask about customers (SegmentFacts), read for many customers in one
 * statement: the projections (profile, consent, orders, customer_metrics), the last
 * recompute's scores, and the message ledger (which emails preceded an order).
 */
import type pg from 'pg';
import type { SegmentFacts } from '../../../segments/define.ts';
import type { Channel } from '../../../schemas/primitives.ts';
import type { RfmGroup } from '../../../schemas/customer-value.ts';

/** An order this soon after an email counts as converted from it. */
export const EMAIL_ATTRIBUTION_DAYS = 7;

interface FactsRow {
  customer_id: string;
  shop_currency: string | null;
  orders: number | null;
  net_revenue: string | null;
  first_order_at: Date | null;
  last_order_at: Date | null;
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
  consent: Channel[];
}

export async function readSegmentFacts(
  client: Pick<pg.ClientBase, 'query'>,
  customerIds: readonly string[],
  now: Date,
): Promise<SegmentFacts[]> {
  const { rows } = await client.query<FactsRow>(
    `select ids.customer_id, (select currency from currency_rates where shop) as shop_currency,
       m.orders, m.net_revenue::text, m.first_order_at, m.last_order_at,
       o.largest_order::text, o.coupons,
       array(select distinct pid from orders y, unnest(y.product_ids) as pid where y.customer_id = ids.customer_id and y.status <> 'cancelled') as product_ids,
       array(select coupon_name from coupon_redemptions c where c.customer_id = ids.customer_id) as redeemed,
       exists (select 1 from orders e join messages msg on msg.customer_id = e.customer_id
               where e.customer_id = ids.customer_id and e.status <> 'cancelled' and msg.channel = 'email' and msg.status = 'sent'
                 and msg.sent_at between e.completed_at - make_interval(days => $2) and e.completed_at) as from_email,
       s.rfm_cell, s.rfm_group, s.bottom_20, s.purchase_latency_days, s.predicted_value::text, s.predicted_value_percentile,
       p.country, p.address->>'state' as state, p.address->>'postalCode' as postal_code, p.traits,
       array(select channel from consent g where g.customer_id = ids.customer_id and g.purpose = 'marketing' and g.granted order by channel) as consent
     from unnest($1::text[]) as ids (customer_id)
       left join customer_metrics m on m.customer_id = ids.customer_id
       left join customer_scores s on s.customer_id = ids.customer_id
       left join customers p on p.customer_id = ids.customer_id
       left join lateral (
         select max(round((x.total_amount - x.refunded_amount) * r.rate)) as largest_order,
                array_remove(array_agg(distinct x.coupon), null) as coupons
         from orders x left join currency_rates r on r.currency = x.currency
         where x.customer_id = ids.customer_id and x.status <> 'cancelled') o on true`,
    [customerIds, EMAIL_ATTRIBUTION_DAYS],
  );
  return rows.map((row) => factsOf(row, now));
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
    firstOrderAt: row.first_order_at,
    lastOrderAt: row.last_order_at,
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
  };
}
