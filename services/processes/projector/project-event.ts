/**
 * Applies one event to PostgreSQL: the event store first (unique event id, so a redelivered
 * event changes nothing), then the projections it feeds, under the customer the event's id
 * is now (merge-identities.ts). Statements use unqualified table
 * names, so a rebuild can project into a fresh schema through the search path.
 */
import type pg from 'pg';
import { knownEvents, type KnownEventName } from '../../../schemas/catalog.ts';
import { checkEnvelope, type CustomerEvent, type CustomerEventEnvelope } from '../../../schemas/envelope.ts';
import { customerIdNow } from '../../platform/db/customers.ts';
import { defaultDoubleOptIn, requiresDoubleOptIn, type DoubleOptIn } from '../../platform/double-opt-in/double-opt-in.ts';
import { orderEventTypes, refreshCustomerMetrics } from './customer-metrics.ts';
import { mergeIdentities } from './merge-identities.ts';
import { projectOrderCoupon } from './order-coupons.ts';
import { recordReportedUse } from '../../platform/coupons/redemption.ts';
import { defaultLoyaltyRules, type LoyaltyRules } from '../../platform/loyalty/program-rules.ts';
import {
  creditOrder,
  creditReferral,
  creditReview,
  projectPointsEarned,
  projectPointsRedeemed,
  takeBackOrderPoints,
} from './loyalty-ledger.ts';
import { reviewTier } from './loyalty-account.ts';

/** Every table the projector writes; a rebuild recreates exactly these. */
export const projectionTables = [
  'events',
  'customers',
  'consent',
  'consent_history',
  'orders',
  'push_subscriptions',
  'coupon_redemptions',
  'customer_identities',
  'customer_metrics',
  'loyalty_lots',
  'loyalty_debits',
  'loyalty_accounts',
  'message_engagement',
] as const;

/**
 * The configured rules a projection follows. They are as much the projection's rules as its
 * code: a rebuild follows the ones configured when it runs, so changing them (say
 * DOUBLE_OPT_IN_COUNTRIES) changes what a rebuild gives, as a new projector version would.
 */
export interface ProjectionRules {
  doubleOptIn: DoubleOptIn;
  loyalty: LoyaltyRules;
}
export const defaultProjectionRules: ProjectionRules = Object.freeze({ doubleOptIn: defaultDoubleOptIn, loyalty: defaultLoyaltyRules });

type Handlers = {
  [Name in KnownEventName]?: (client: pg.ClientBase, event: CustomerEvent<Name>, rules: ProjectionRules) => Promise<unknown>;
};

const handlers: Handlers = {
  'Identities Merged': mergeIdentities,
  Identify: (client, event) => {
    const { email, timezone, phone, address, country, locale, birthday, ...traits } = event.payload;
    return client.query(
      `insert into customers (customer_id, email, time_zone, phone, address, country, locale, birthday, traits, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       on conflict (customer_id) do update set
         email = coalesce(excluded.email, customers.email),
         time_zone = coalesce(excluded.time_zone, customers.time_zone),
         phone = coalesce(excluded.phone, customers.phone),
         address = coalesce(excluded.address, customers.address),
         country = coalesce(excluded.country, customers.country),
         locale = coalesce(excluded.locale, customers.locale),
         birthday = coalesce(excluded.birthday, customers.birthday),
         traits = customers.traits || excluded.traits,
         updated_at = excluded.updated_at`,
      [
        event.customerId,
        email ?? null,
        timezone ?? null,
        phone ?? null,
        address ?? null,
        country ?? null,
        locale ?? null,
        birthday ?? null,
        traits,
        event.occurredAt,
      ],
    );
  },
  // The first sign-up dates the account (a repeated or replayed one changes nothing).
  'Signed Up': (client, event) =>
    client.query(
      `insert into customers (customer_id, signed_up_at, updated_at) values ($1, $2, $2)
       on conflict (customer_id) do update set signed_up_at = least(coalesce(customers.signed_up_at, excluded.signed_up_at), excluded.signed_up_at)`,
      [event.customerId, event.occurredAt],
    ),
  // The account the customer belongs to (Segment's group call): its traits under `account`.
  Group: (client, event) => {
    const account = { ...event.payload.traits, id: event.payload.group_id };
    return client.query(
      `insert into customers (customer_id, traits, updated_at) values ($1, jsonb_build_object('account', $2::jsonb), $3)
       on conflict (customer_id) do update set
         traits = customers.traits || jsonb_build_object('account', coalesce(customers.traits->'account', '{}'::jsonb) || $2::jsonb),
         updated_at = excluded.updated_at`,
      [event.customerId, account, event.occurredAt],
    );
  },
  'Consent Granted': async (client, event, rules) =>
    (await awaitsConfirmation(client, event, rules)) ? projectPendingGrant(client, event) : projectConsent(client, event, true),
  'Consent Revoked': (client, event) => projectConsent(client, event, false),
  'Consent Expired': (client, event) => projectExpiry(client, event),
  'Consent Confirmed': (client, event) => projectConfirmation(client, event),
  'Order Completed': async (client, event, rules) => {
    const { order_id, cart_id, total, coupon, products } = event.payload;
    await lockOrder(client, order_id);
    const { rowCount: known } = await client.query('select 1 from orders where order_id = $1', [order_id]);
    await client.query(
      `insert into orders (order_id, customer_id, cart_id, status, total_amount, currency, coupon, completed_at, updated_at, product_ids)
       values ($1, $2, $3, 'completed', $4, $5, $6, $7, $7, $8)
       on conflict (order_id) do update set total_amount = coalesce(excluded.total_amount, orders.total_amount),
         currency = coalesce(excluded.currency, orders.currency), updated_at = excluded.updated_at`,
      [
        order_id,
        event.customerId,
        cart_id ?? null,
        total?.amount ?? null,
        total?.currency ?? null,
        coupon ?? null,
        event.occurredAt,
        productIds(products),
      ],
    );
    await projectOrderCoupon(client, event);
    await creditOrder(client, event, rules.loyalty);
    if (!known) await projectEarlierReversals(client, order_id, rules);
  },
  'Order Updated': (client, event) =>
    // An update that lists products lists all of them.
    client.query(
      `update orders set total_amount = coalesce($2, total_amount), currency = coalesce($3, currency), updated_at = $4,
         product_ids = coalesce($5, product_ids) where order_id = $1`,
      [
        event.payload.order_id,
        event.payload.total?.amount ?? null,
        event.payload.total?.currency ?? null,
        event.occurredAt,
        event.payload.products ? productIds(event.payload.products) : null,
      ],
    ),
  'Order Cancelled': (client, event, rules) => projectReversal(client, event, rules),
  'Order Delivered': (client, event) => setOrderStatus(client, event.payload.order_id, 'delivered', event.occurredAt),
  'Order Refunded': (client, event, rules) => projectReversal(client, event, rules),
  'Product Reviewed': (client, event, rules) => creditReview(client, event, rules.loyalty),
  'Referral Rewarded': (client, event, rules) => creditReferral(client, event, rules.loyalty),
  'Loyalty Points Earned': (client, event, rules) => projectPointsEarned(client, event, rules.loyalty),
  'Loyalty Points Redeemed': (client, event, rules) => projectPointsRedeemed(client, event, rules.loyalty),
  'Loyalty Tier Review Due': (client, event, rules) => reviewTier(client, event, rules.loyalty),
  // Clicks and opens, for the journey reports: each event a row (two clicks are two).
  'Message Clicked': (client, event) => projectEngagement(client, event, 'click', event.payload.url),
  'Message Opened': (client, event) => projectEngagement(client, event, 'open', null),
  'Push Subscription Registered': (client, event) => {
    const { endpoint, keys, expirationTime } = event.payload;
    return client.query(
      `insert into push_subscriptions (endpoint, customer_id, p256dh, auth, expires_at, registered_at) values ($1, $2, $3, $4, $5, $6)
       on conflict (endpoint) do update set customer_id = excluded.customer_id, p256dh = excluded.p256dh, auth = excluded.auth,
         expires_at = excluded.expires_at, registered_at = excluded.registered_at`,
      [
        endpoint,
        event.customerId,
        keys.p256dh,
        keys.auth,
        expirationTime ? new Date(expirationTime).toISOString() : null,
        event.occurredAt,
      ],
    );
  },
  'Push Subscription Expired': (client, event) =>
    client.query('delete from push_subscriptions where endpoint = $1 and customer_id = $2', [event.payload.endpoint, event.customerId]),
  'Coupon Redeemed': async (client, event) => {
    const { coupon_name, coupon_id, order_id, discount } = event.payload;
    await client.query(
      `insert into coupon_redemptions (coupon_name, order_id, customer_id, coupon_id, discount_amount, currency, redeemed_at)
       values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing`,
      [coupon_name, order_id, event.customerId, coupon_id ?? null, discount?.amount ?? null, discount?.currency ?? null, event.occurredAt],
    );
    // The shop's own report of a use counts against the code's limits (ours is already counted).
    await recordReportedUse(client, {
      code: coupon_name,
      orderId: order_id,
      customerId: event.customerId,
      discount: discount ?? null,
      at: new Date(event.occurredAt),
    });
  },
};

/** Returns false when the event was already projected. Call inside a transaction. */
export async function projectEvent(
  client: pg.ClientBase,
  event: CustomerEventEnvelope,
  rules: ProjectionRules = defaultProjectionRules,
): Promise<boolean> {
  const inserted = await client.query(
    `insert into events (event_id, customer_id, type, occurred_at, received_at, source, payload)
     values ($1, $2, $3, $4, $5, $6, $7) on conflict (event_id) do nothing`,
    [event.eventId, event.customerId, event.type, event.occurredAt, event.receivedAt, event.source, event.payload],
  );
  if (inserted.rowCount === 0) return false;
  const handler = handlers[event.type as KnownEventName] as
    ((client: pg.ClientBase, event: CustomerEventEnvelope, rules: ProjectionRules) => Promise<unknown>) | undefined;
  if (!handler) return true;
  // The event store keeps the id the event came with; the projections, the customer it is now.
  const customerId = await customerIdNow(client, event.customerId);
  await handler(client, customerId === event.customerId ? event : { ...event, customerId }, rules);
  if (orderEventTypes.has(event.type)) {
    // The order's owner, who may not be the event's customer (an update sent by the shop's back office).
    const { rows } = await client.query<{ customer_id: string }>('select customer_id from orders where order_id = $1', [
      (event.payload as { order_id?: unknown }).order_id,
    ]);
    for (const { customer_id } of rows) await refreshCustomerMetrics(client, customer_id, event.occurredAt);
  }
  return true;
}

function projectConsent(client: pg.ClientBase, event: CustomerEvent<'Consent Granted' | 'Consent Revoked'>, granted: boolean) {
  const { channel, purpose, source } = event.payload;
  // `granted_at`: when the consent in force was given; a grant while granted is a renewal and re-dates it.
  return client.query(
    `with history as (
       insert into consent_history (event_id, customer_id, channel, purpose, granted, source, changed_at)
       values ($1, $2, $3, $4, $5, $6, $7))
     insert into consent (customer_id, channel, purpose, granted, changed_at, event_id, granted_at, pending_since)
     values ($2, $3, $4, $5, $7, $1, case when $5 then $7::timestamptz end, null)
     on conflict (customer_id, channel, purpose) do update set
       granted = excluded.granted, changed_at = excluded.changed_at, event_id = excluded.event_id,
       granted_at = excluded.granted_at, pending_since = null`,
    [event.eventId, event.customerId, channel, purpose, granted, source ?? null, event.occurredAt],
  );
}

/**
 * Whether this grant waits for its double opt-in confirmation: an email marketing grant for
 * a customer of a listed country (their own, or their address's) who is not subscribed now.
 * A grant while subscribed is a renewal (often from the renewal link) of an address already
 * confirmed, and a grant confirmed already (in the log, as a merge replays it, or by the shop,
 * `confirmed_at`) needs no second click. The country is read as of this event in the log, so a rebuild decides the same.
 */
async function awaitsConfirmation(client: pg.ClientBase, event: CustomerEvent<'Consent Granted'>, rules: ProjectionRules) {
  const { channel, purpose } = event.payload;
  if (channel !== 'email' || purpose !== 'marketing' || rules.doubleOptIn.countries.length === 0) return false;
  // Confirmed through the shop's own double opt-in before it reached us.
  if (event.payload.confirmed_at !== undefined) return false;
  const { rows } = await client.query<{ country: string | null; subscribed: boolean; confirmed: boolean }>(
    `select (select coalesce(country, address->>'country') from customers where customer_id = $1) as country,
       exists (select 1 from consent where customer_id = $1 and channel = 'email' and purpose = 'marketing' and granted) as subscribed,
       exists (select 1 from events where customer_id = $1 and type = 'Consent Confirmed' and payload->>'channel' = 'email'
         and (payload->>'granted_at')::timestamptz = $2::timestamptz) as confirmed`,
    [event.customerId, event.occurredAt],
  );
  const row = rows[0];
  return !!row && requiresDoubleOptIn(rules.doubleOptIn, row.country) && !row.subscribed && !row.confirmed;
}

/** Not granted until confirmed: the send gate reads `granted`, so no marketing goes meanwhile. */
function projectPendingGrant(client: pg.ClientBase, event: CustomerEvent<'Consent Granted'>) {
  const { channel, purpose } = event.payload;
  return client.query(
    `insert into consent (customer_id, channel, purpose, granted, changed_at, event_id, granted_at, pending_since)
     values ($1, $2, $3, false, $4, $5, null, $4)
     on conflict (customer_id, channel, purpose) do update set
       granted = false, changed_at = excluded.changed_at, event_id = excluded.event_id, granted_at = null,
       pending_since = excluded.pending_since`,
    [event.customerId, channel, purpose, event.occurredAt, event.eventId],
  );
}

/**
 * The click on the confirmation link grants the pending subscription it names, dated by the
 * grant (the re-permission run that grant started counts its lapse from then). A link of an
 * older subscription, or one clicked after a revocation, changes nothing.
 */
function projectConfirmation(client: pg.ClientBase, event: CustomerEvent<'Consent Confirmed'>) {
  const { channel, purpose, granted_at } = event.payload;
  return client.query(
    `with confirmed as (
       update consent set granted = true, granted_at = pending_since, pending_since = null, changed_at = $5, event_id = $1
       where customer_id = $2 and channel = $3 and purpose = $4 and not granted and pending_since = $6::timestamptz
       returning customer_id, channel, purpose)
     insert into consent_history (event_id, customer_id, channel, purpose, granted, source, changed_at)
     select $1, customer_id, channel, purpose, true, 'double-opt-in', $5 from confirmed`,
    [event.eventId, event.customerId, channel, purpose, event.occurredAt, granted_at],
  );
}

/**
 * A lapsed marketing consent is withdrawn, but only the grant the expiry names: one that
 * crossed a renewal (or a revocation and a new grant) in the log finds another `granted_at`
 * and changes nothing, nor enters the history. A granted row's `changed_at` dates its grant
 * too: a projector of the previous version (a rolling deploy) writes no `granted_at`.
 */
function projectExpiry(client: pg.ClientBase, event: CustomerEvent<'Consent Expired'>) {
  const { channel, purpose, granted_at } = event.payload;
  return client.query(
    `with expired as (
       update consent set granted = false, granted_at = null, changed_at = $5, event_id = $1
       where customer_id = $2 and channel = $3 and purpose = $4 and granted and coalesce(granted_at, changed_at) = $6::timestamptz
       returning customer_id, channel, purpose)
     insert into consent_history (event_id, customer_id, channel, purpose, granted, source, changed_at)
     select $1, customer_id, channel, purpose, false, 'lapsed', $5 from expired`,
    [event.eventId, event.customerId, channel, purpose, event.occurredAt, granted_at],
  );
}

function projectEngagement(
  client: pg.ClientBase,
  event: CustomerEvent<'Message Clicked' | 'Message Opened'>,
  kind: 'click' | 'open',
  url: string | null,
) {
  const { journey_id, workflow_id, step, channel } = event.payload;
  return client.query(
    `insert into message_engagement (event_id, customer_id, journey_id, workflow_id, step, channel, kind, url, at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict (event_id) do nothing`,
    [event.eventId, event.customerId, journey_id, workflow_id, step, channel, kind, url, event.occurredAt],
  );
}

const productIds = (products: readonly { product_id: string }[] | undefined) => [...new Set((products ?? []).map((p) => p.product_id))];

function setOrderStatus(client: pg.ClientBase, orderId: string, status: 'cancelled' | 'delivered', at: string) {
  return client.query(`update orders set status = $2, updated_at = $3 where order_id = $1`, [orderId, status, at]);
}

/**
 * An order's events serialize across batches: a refund or cancellation the back office sends
 * under its own id is on another partition than the order, and may be projected at the same
 * moment; whichever commits second then sees the other.
 */
async function lockOrder(client: pg.ClientBase, orderId: string): Promise<void> {
  await client.query('select pg_advisory_xact_lock(hashtext($1))', [`order/${orderId}`]);
}

/** A refund or cancellation: the order row, then the points the order no longer earns. */
async function projectReversal(client: pg.ClientBase, event: CustomerEvent<'Order Refunded' | 'Order Cancelled'>, rules: ProjectionRules) {
  const orderId = event.payload.order_id;
  await lockOrder(client, orderId);
  if (event.type === 'Order Cancelled') await setOrderStatus(client, orderId, 'cancelled', event.occurredAt);
  else {
    // A refund that names no amount refunds the whole order.
    await client.query(
      `update orders set status = 'refunded', refunded_amount = refunded_amount + coalesce($2, total_amount - refunded_amount), updated_at = $3 where order_id = $1`,
      [orderId, (event as CustomerEvent<'Order Refunded'>).payload.total?.amount ?? null, event.occurredAt],
    );
  }
  await takeBackOrderPoints(client, event, rules.loyalty);
}

/**
 * Refunds and cancellations projected before their order (sent under another id, on another
 * partition, they can overtake it) found no row to change: they are projected again, in log
 * order, once the order is in, as if they had come after it. So the order ends as it would
 * have either way, credited and then taken back, and a rebuild (which replays one partition
 * at a time, so may meet them in the other order) decides the same.
 */
async function projectEarlierReversals(client: pg.ClientBase, orderId: string, rules: ProjectionRules): Promise<void> {
  const { rows } = await client.query<{
    event_id: string;
    customer_id: string;
    type: 'Order Refunded' | 'Order Cancelled';
    occurred_at: Date;
    received_at: Date;
    source: string;
    payload: unknown;
  }>(
    `select event_id, customer_id, type, occurred_at, received_at, source, payload from events
     where type in ('Order Refunded', 'Order Cancelled') and payload->>'order_id' = $1 order by occurred_at, received_at, event_id`,
    [orderId],
  );
  for (const row of rows) {
    // Checked when it came in; checked again as it is read back, and passed over if the catalog no longer takes it.
    const checked = checkEnvelope({
      eventId: row.event_id,
      customerId: await customerIdNow(client, row.customer_id),
      type: row.type,
      version: knownEvents[row.type].version,
      occurredAt: row.occurred_at.toISOString(),
      receivedAt: row.received_at.toISOString(),
      source: row.source,
      payload: row.payload,
    });
    if (checked.ok) await projectReversal(client, checked.value as CustomerEvent<'Order Refunded' | 'Order Cancelled'>, rules);
  }
}
