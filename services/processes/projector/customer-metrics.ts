/**
 * A customer's order figures (customer_metrics), recomputed from their orders after each
 * order event: counting again rather than adding makes the result independent of the order
 * events arrive in, and of repeats. Money in the shop's currency (currency_rates).
 */
import type pg from 'pg';
import { inTransaction, type Db } from '../../platform/db/pool.ts';
import { minorUnitRates, type ShopCurrency } from '../../platform/shop-currency.ts';

/** Event types after which the owner of the order is counted again. */
export const orderEventTypes = new Set(['Order Completed', 'Order Updated', 'Order Cancelled', 'Order Refunded', 'Order Delivered']);

export async function refreshCustomerMetrics(client: Pick<pg.ClientBase, 'query'>, customerId: string, at: string): Promise<void> {
  await client.query(
    `with counted as (
       select o.completed_at,
              round((o.total_amount - o.refunded_amount) * r.rate)::bigint as net,
              o.total_amount is not null and r.currency is null as unconverted
       from orders o left join currency_rates r on r.currency = o.currency
       where o.customer_id = $1 and o.status <> 'cancelled'),
     ranked as (select *, row_number() over (order by completed_at) as n from counted),
     gaps as (select extract(epoch from completed_at - lag(completed_at) over (order by completed_at)) / 86400 as days from counted)
     insert into customer_metrics (customer_id, orders, net_revenue, unconverted_orders, first_order_at, second_order_at, last_order_at,
                                   first_order_value, average_order_value, median_days_between_orders, updated_at)
     select $1, count(*), coalesce(sum(net), 0), count(*) filter (where unconverted),
            min(completed_at), min(completed_at) filter (where n = 2), max(completed_at),
            min(net) filter (where n = 1), round(avg(net))::bigint,
            (select percentile_cont(0.5) within group (order by days) from gaps where days is not null), $2
     from ranked
     on conflict (customer_id) do update set
       orders = excluded.orders, net_revenue = excluded.net_revenue, unconverted_orders = excluded.unconverted_orders,
       first_order_at = excluded.first_order_at, second_order_at = excluded.second_order_at, last_order_at = excluded.last_order_at,
       first_order_value = excluded.first_order_value, average_order_value = excluded.average_order_value,
       median_days_between_orders = excluded.median_days_between_orders, updated_at = excluded.updated_at`,
    [customerId, at],
  );
}

/** The configured rates, as the projection reads them; written when the projector starts. */
export function saveCurrencyRates(db: Db, shop: ShopCurrency): Promise<void> {
  const rates = minorUnitRates(shop);
  return inTransaction(db, async (client) => {
    await client.query('delete from currency_rates');
    await client.query('insert into currency_rates (currency, rate, shop) select * from unnest($1::text[], $2::float8[], $3::bool[])', [
      rates.map((r) => r.currency),
      rates.map((r) => r.rate),
      rates.map((r) => r.currency === shop.code),
    ]);
  });
}
