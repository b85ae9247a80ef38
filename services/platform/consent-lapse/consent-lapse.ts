/**
 * When marketing consent lapses, and the `Consent Expired` event that says it did. The lapse
 * is CONSENT_LAPSE_MONTHS calendar months after the grant (the same day of the month, or
 * the month's last day: 31 March + 11 months is 29 February), in UTC, so that the moment
 * does not move with the customer's zone. The event's id is a function of the customer,
 * channel and grant: a retried activity or a replayed journey writes the same event again,
 * which the event store and the customer workflow drop.
 */
import { createHash } from 'node:crypto';
import type { CustomerEventEnvelope } from '../../../schemas/envelope.ts';
import { ConsentExpired } from '../../../schemas/events/consent-lifecycle.ts';
import type { Channel } from '../../../schemas/primitives.ts';
import type { Queryable } from '../db/pool.ts';

export const CONSENT_EVENT_SOURCE = 'consent-lapse';

export function lapseOf(grantedAt: Date, months: number): Date {
  const lapse = new Date(grantedAt.getTime());
  const day = lapse.getUTCDate();
  lapse.setUTCDate(1);
  lapse.setUTCMonth(lapse.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(lapse.getUTCFullYear(), lapse.getUTCMonth() + 1, 0)).getUTCDate();
  lapse.setUTCDate(Math.min(day, lastDay));
  return lapse;
}

export const expiryEventId = (customerId: string, channel: Channel, grantedAt: string) =>
  `consent-expired/sha256:${createHash('sha256')
    .update(JSON.stringify([customerId, channel, grantedAt]))
    .digest('hex')}`;

export function consentExpired(customerId: string, channel: Channel, grantedAt: string, at: Date): CustomerEventEnvelope {
  const time = at.toISOString();
  return {
    eventId: expiryEventId(customerId, channel, grantedAt),
    customerId,
    type: ConsentExpired.name,
    version: ConsentExpired.version,
    occurredAt: time,
    receivedAt: time,
    source: CONSENT_EVENT_SOURCE,
    payload: { channel, purpose: 'marketing', granted_at: new Date(grantedAt).toISOString() },
  };
}

/** Whether this grant (by its time) is still the marketing consent in force on the channel (as the projector judges an expiry). */
export async function grantInForce(db: Queryable, customerId: string, channel: Channel, grantedAt: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `select 1 from consent where customer_id = $1 and channel = $2 and purpose = 'marketing' and granted and coalesce(granted_at, changed_at) = $3::timestamptz`,
    [customerId, channel, grantedAt],
  );
  return (rowCount ?? 0) > 0;
}

/**
 * What a renewal request may honestly say about the customer: their last order, and what
 * they bought most (by product name and by category, as the shop's order events named them;
 * null when the orders did not say). Merged ids' orders count as the customer's.
 */
export async function readRenewalFacts(db: Queryable, customerId: string) {
  const { rows } = await db.query<{ last_order_at: Date | null; category: string | null; product: string | null }>(
    `with ids as (select $1::text as id union select merged_id from customer_identities where customer_id = $1),
     bought as (
       select p->>'name' as name, p->>'category' as category
       from events e cross join lateral jsonb_array_elements(
         case when jsonb_typeof(e.payload->'products') = 'array' then e.payload->'products' else '[]'::jsonb end) p
       where e.customer_id in (select id from ids) and e.type = 'Order Completed')
     select (select max(completed_at) from orders where customer_id = $1 and status <> 'cancelled') as last_order_at,
       (select category from bought where category is not null group by category order by count(*) desc, category limit 1) as category,
       (select name from bought where name is not null group by name order by count(*) desc, name limit 1) as product`,
    [customerId],
  );
  const row = rows[0];
  return {
    lastOrderAt: row?.last_order_at?.toISOString() ?? null,
    favouriteCategory: row?.category ?? null,
    favouriteProduct: row?.product ?? null,
  };
}
