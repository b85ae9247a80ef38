/** What a customer is worth, as the projection and the last recompute say (customer_metrics, customer_scores). */
import type { Queryable } from './pool.ts';

export interface CustomerValue {
  /** The shop's currency, as the projector that summed the figures had it configured. */
  currency: string | null;
  orders: number;
  /** Minor units of the shop's currency. */
  netRevenue: number;
  averageOrderValue: number | null;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
  unconvertedOrders: number;
  /** From the last recompute; null before the first one covered this customer. */
  scores: {
    rfmCell: string;
    rfmGroup: string;
    bottom20: boolean;
    currentValueScore: number;
    potentialValueScore: number;
    purchaseLatencyDays: number | null;
    latencySource: 'own' | 'cohort' | 'shop' | null;
    probabilityAlive: number | null;
    predictedOrders: number | null;
    predictedValue: number | null;
    potentialValue: number | null;
    computedAt: Date;
  } | null;
}

export async function readCustomerValue(db: Queryable, customerId: string): Promise<CustomerValue | null> {
  const { rows } = await db.query<Record<string, unknown>>(
    `select m.orders, m.net_revenue::float8 as net_revenue, m.average_order_value::float8 as aov, m.first_order_at, m.last_order_at,
            m.unconverted_orders, s.rfm_cell, s.rfm_group, s.bottom_20, s.current_value_score, s.potential_value_score,
            s.purchase_latency_days, s.latency_source, s.probability_alive, s.predicted_orders,
            s.predicted_value::float8 as predicted_value, s.potential_value::float8 as potential_value, s.computed_at,
            (select currency from currency_rates where shop) as currency
     from customer_metrics m left join customer_scores s using (customer_id) where m.customer_id = $1`,
    [customerId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    currency: row.currency as string | null,
    orders: row.orders as number,
    netRevenue: row.net_revenue as number,
    averageOrderValue: row.aov as number | null,
    firstOrderAt: row.first_order_at as Date | null,
    lastOrderAt: row.last_order_at as Date | null,
    unconvertedOrders: row.unconverted_orders as number,
    scores: row.rfm_cell
      ? {
          rfmCell: row.rfm_cell as string,
          rfmGroup: row.rfm_group as string,
          bottom20: row.bottom_20 as boolean,
          currentValueScore: row.current_value_score as number,
          potentialValueScore: row.potential_value_score as number,
          purchaseLatencyDays: row.purchase_latency_days as number | null,
          latencySource: row.latency_source as 'own' | 'cohort' | 'shop' | null,
          probabilityAlive: row.probability_alive as number | null,
          predictedOrders: row.predicted_orders as number | null,
          predictedValue: row.predicted_value as number | null,
          potentialValue: row.potential_value as number | null,
          computedAt: row.computed_at as Date,
        }
      : null,
  };
}
