/**
 * Segment membership moves with the events that move a customer's facts: after each batch,
 * in its transaction, the projector decides again the segments of the customers the batch
 * touched (services/platform/segments/). Product views and cart additions count (browsing
 * segments); page views and the like move nothing and cost nothing. A rebuild does not
 * decide segments: membership is the evaluator's own state.
 */
import type pg from 'pg';
import type { CustomerEventEnvelope } from '../../../schemas/envelope.ts';
import type { SegmentDefinition } from '../../../segments/define.ts';
import { refreshSegments, type SegmentChange } from '../../platform/segments/membership.ts';
import { orderEventTypes } from './customer-metrics.ts';

/** Events that change what a segment can see of a customer. */
const factEvents = new Set<string>([
  ...orderEventTypes,
  'Identify',
  'Signed Up',
  'Consent Granted',
  'Consent Revoked',
  'Consent Expired',
  'Coupon Redeemed',
  'Identities Merged',
  'Product Viewed',
  'Product Added',
  'Checkout Started',
]);

export async function refreshSegmentsAfter(
  client: pg.ClientBase,
  projected: readonly CustomerEventEnvelope[],
  segments: readonly SegmentDefinition[],
): Promise<SegmentChange[]> {
  const customers = new Set<string>();
  const orders: unknown[] = [];
  for (const event of projected) {
    if (!factEvents.has(event.type)) continue;
    customers.add(event.customerId);
    if (event.type === 'Identities Merged') customers.add(String(event.payload.merged_customer_id));
    // An order event sent under another id than the order's (the shop's back office) moves the owner.
    if (orderEventTypes.has(event.type)) orders.push(event.payload.order_id);
  }
  if (orders.length > 0) {
    const { rows } = await client.query<{ customer_id: string }>(
      'select distinct customer_id from orders where order_id = any($1::text[])',
      [orders.map(String)],
    );
    for (const row of rows) customers.add(row.customer_id);
  }
  return refreshSegments(client, customers, segments);
}
