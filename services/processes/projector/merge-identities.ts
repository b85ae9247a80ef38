/**
 * Identity in the projections: `Identities Merged` moves everything projected under the
 * merged id to the customer it joins, and every later event under the merged id is
 * projected as that customer's. The rules match the customer workflow's
 * (workflows/lib/identity.ts), so the store and the workflows agree on who is who:
 *   - an id merges once: a later merge of the same id elsewhere (a shared device) is ignored;
 *   - merging into an id that was itself merged joins its customer (one lookup, no chains);
 *   - a merge that would join a customer to itself is ignored.
 * Statements use unqualified table names (a rebuild projects through the search path).
 */
import type pg from 'pg';
import type { CustomerEvent } from '../../../schemas/envelope.ts';
import { customerIdNow } from '../../platform/db/customers.ts';
import type { LoyaltyRules } from '../../platform/loyalty/program-rules.ts';
import { refreshCustomerMetrics } from './customer-metrics.ts';
import { mergeLoyalty } from './loyalty-ledger.ts';

export async function mergeIdentities(
  client: pg.ClientBase,
  event: CustomerEvent<'Identities Merged'>,
  rules: { loyalty: LoyaltyRules },
): Promise<void> {
  const merged = event.payload.merged_customer_id;
  const { rowCount: mergedBefore } = await client.query('select 1 from customer_identities where merged_id = $1', [merged]);
  if (mergedBefore) return;
  const into = await customerIdNow(client, event.customerId);
  if (into === merged) return;

  await client.query('insert into customer_identities (merged_id, customer_id, merged_at, event_id) values ($1, $2, $3, $4)', [
    merged,
    into,
    event.occurredAt,
    event.eventId,
  ]);
  // Ids merged into the merged customer earlier now point at its new customer directly.
  await client.query('update customer_identities set customer_id = $2 where customer_id = $1', [merged, into]);

  // The profile: what the customer's own profile says wins; the merged one fills its gaps.
  await client.query(
    `insert into customers (customer_id, email, time_zone, phone, address, country, locale, birthday, traits, updated_at)
     select $2, email, time_zone, phone, address, country, locale, birthday, traits, updated_at from customers where customer_id = $1
     on conflict (customer_id) do update set
       email = coalesce(customers.email, excluded.email),
       time_zone = coalesce(customers.time_zone, excluded.time_zone),
       phone = coalesce(customers.phone, excluded.phone),
       address = coalesce(customers.address, excluded.address),
       country = coalesce(customers.country, excluded.country),
       locale = coalesce(customers.locale, excluded.locale),
       birthday = coalesce(customers.birthday, excluded.birthday),
       traits = excluded.traits || customers.traits,
       updated_at = greatest(customers.updated_at, excluded.updated_at)`,
    [merged, into],
  );
  // Consent: per channel and purpose, the later statement of the person stands.
  await client.query(
    `insert into consent (customer_id, channel, purpose, granted, changed_at, event_id, granted_at, pending_since)
     select $2, channel, purpose, granted, changed_at, event_id, granted_at, pending_since from consent where customer_id = $1
     on conflict (customer_id, channel, purpose) do update set
       granted = excluded.granted, changed_at = excluded.changed_at, event_id = excluded.event_id,
       granted_at = excluded.granted_at, pending_since = excluded.pending_since
     where excluded.changed_at > consent.changed_at`,
    [merged, into],
  );
  for (const table of ['customers', 'consent'] as const) {
    await client.query(`delete from ${table} where customer_id = $1`, [merged]);
  }
  for (const table of ['consent_history', 'orders', 'push_subscriptions', 'coupon_redemptions', 'message_engagement'] as const) {
    await client.query(`update ${table} set customer_id = $2 where customer_id = $1`, [merged, into]);
  }
  // Their orders are the customer's now: counted again, together.
  await client.query('delete from customer_metrics where customer_id = $1', [merged]);
  const { rowCount } = await client.query('select 1 from orders where customer_id = $1 limit 1', [into]);
  if (rowCount) await refreshCustomerMetrics(client, into, event.occurredAt);
  // Their points are the customer's too, and count together towards a tier.
  await mergeLoyalty(client, merged, into, event, rules.loyalty);
}
