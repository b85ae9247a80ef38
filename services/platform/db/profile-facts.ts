/**
 * What a journey may branch on about a customer (ProfileFacts), read from the projections at
 * that moment; which channels reach them is the channel table's answer (activities/profile.ts).
 */
import { Channel } from '../../../schemas/primitives.ts';
import type { ProfileFacts } from '../../../schemas/journey.ts';
import type { CustomerValueFacts, RfmGroup } from '../../../schemas/customer-value.ts';
import type { SegmentId } from '../../../segments/index.ts';
import { readCustomerValue, type CustomerValue } from './customer-value.ts';
import type { Db } from './pool.ts';

export async function readProfileFacts(db: Db, customerId: string, shopCurrency: string): Promise<Omit<ProfileFacts, 'reachableOn'>> {
  const [customer, consent, orders, value, segments] = await Promise.all([
    db.query<{ time_zone: string | null; country: string | null; birthday: string | null; abandoned_for_discount: boolean }>(
      'select time_zone, country, birthday, abandoned_for_discount_at is not null as abandoned_for_discount from customers where customer_id = $1',
      [customerId],
    ),
    db.query<{ channel: Channel }>(`select channel from consent where customer_id = $1 and purpose = 'marketing' and granted`, [
      customerId,
    ]),
    db.query<{ currency: string; n: number; spent: string; first_at: Date }>(
      `select currency, count(*)::int as n, coalesce(sum(total_amount - refunded_amount), 0)::text as spent,
         min(completed_at) as first_at from orders
       where customer_id = $1 and status <> 'cancelled' and currency is not null group by currency`,
      [customerId],
    ),
    readCustomerValue(db, customerId),
    db.query<{ segments: SegmentId[] }>('select segments from customer_segments where customer_id = $1', [customerId]),
  ]);
  const row = customer.rows[0];
  return {
    marketingConsent: Channel.options.filter((channel) => consent.rows.some((granted) => granted.channel === channel)),
    timeZone: row?.time_zone ?? null,
    country: row?.country ?? null,
    birthday: row?.birthday ?? null,
    orders: {
      count: orders.rows.reduce((sum, order) => sum + order.n, 0),
      spent: orders.rows.map((order) => ({ amount: Number(order.spent), currency: order.currency })),
      firstAt: firstOf(orders.rows.map((order) => order.first_at)),
    },
    value: value && valueFacts(value, shopCurrency),
    segments: segments.rows[0]?.segments ?? [],
    abandonedForDiscount: row?.abandoned_for_discount ?? false,
  };
}

function valueFacts(value: CustomerValue, currency: string): CustomerValueFacts {
  const money = (amount: number | null) => (amount === null ? null : { amount, currency });
  const { scores } = value;
  return {
    orders: value.orders,
    netRevenue: { amount: value.netRevenue, currency },
    rfm: scores && { cell: scores.rfmCell, group: scores.rfmGroup as RfmGroup, bottom20: scores.bottom20 },
    purchaseLatencyDays: scores?.purchaseLatencyDays ?? null,
    probabilityAlive: scores?.probabilityAlive ?? null,
    predictedValue: money(scores?.predictedValue ?? null),
    potentialValue: money(scores?.potentialValue ?? null),
  };
}

const firstOf = (times: (Date | null)[]): string | null => {
  const known = times.filter((time): time is Date => time !== null).map((time) => time.getTime());
  return known.length ? new Date(Math.min(...known)).toISOString() : null;
};
