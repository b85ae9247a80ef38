/** Reads of the customer projections that the activities need at send time. */
import type pg from 'pg';
import type { Channel, Purpose } from '../../../schemas/primitives.ts';
import type { Db } from './pool.ts';

export interface CustomerProfile {
  customerId: string;
  email: string | null;
  /** E.164, as the catalog validated it. */
  phone: string | null;
  /** A PostalAddress, as the catalog validated it. */
  address: unknown;
  timeZone: string | null;
  /** Traits beyond those above (firstName, lastName…). */
  traits: Record<string, unknown>;
  /** Loyalty points valid now and the tier (migration 023): `{{ loyalty.points }}` in templates. */
  loyalty?: { points: number; tier: string | null };
}

/**
 * The customer an id is now: the one it was merged into (`Identities Merged`; anonymous
 * visitors who logged in), or itself. A journey started under an anonymous id reaches the
 * person once they are known.
 */
export async function customerIdNow(db: Pick<pg.ClientBase, 'query'>, customerId: string): Promise<string> {
  const { rows } = await db.query<{ customer_id: string }>('select customer_id from customer_identities where merged_id = $1', [
    customerId,
  ]);
  return rows[0]?.customer_id ?? customerId;
}

export async function findCustomer(db: Db, customerId: string): Promise<CustomerProfile | null> {
  const { rows } = await db.query<{
    email: string | null;
    phone: string | null;
    address: unknown;
    time_zone: string | null;
    traits: Record<string, unknown>;
    points: string;
    tier: string | null;
  }>(
    `select email, phone, address, time_zone, traits,
       (select coalesce(sum(remaining), 0) from loyalty_lots l where l.customer_id = c.customer_id and l.expires_at > now())::text as points,
       (select tier from loyalty_accounts a where a.customer_id = c.customer_id) as tier
     from customers c where customer_id = $1`,
    [customerId],
  );
  const row = rows[0];
  if (!row) return null;
  const { email, phone, address, time_zone: timeZone, traits } = row;
  return { customerId, email, phone, address, timeZone, traits, loyalty: { points: Number(row.points), tier: row.tier } };
}

/** The customer's country (ISO 3166), null when unknown: coupon pools may be for some countries only. */
export async function customerCountry(db: Db, customerId: string): Promise<string | null> {
  const { rows } = await db.query<{ country: string | null }>('select country from customers where customer_id = $1', [customerId]);
  return rows[0]?.country ?? null;
}

/** Consent as of now: no row means no consent. */
/**
 * Whether the customer allows the channel for the purpose. With `lapse`, a grant given
 * `months` calendar months or more before `at` no longer counts (in UTC, a month's last day
 * standing for a day it lacks, as services/platform/consent-lapse/consent-lapse.ts dates it).
 */
export async function hasConsent(
  db: Db,
  customerId: string,
  channel: Channel,
  purpose: Purpose,
  lapse?: { months: number; at: Date },
): Promise<boolean> {
  const { rows } = await db.query<{ granted: boolean }>(
    `select granted and ($4::int is null or (granted_at at time zone 'UTC' + make_interval(months => $4::int)) at time zone 'UTC' > $5) as granted
     from consent where customer_id = $1 and channel = $2 and purpose = $3`,
    [customerId, channel, purpose, lapse?.months ?? null, lapse?.at ?? null],
  );
  return rows[0]?.granted ?? false;
}

/** Whether the customer's marketing subscription on the channel waits for its double opt-in confirmation. */
export async function subscriptionPending(db: Db, customerId: string, channel: Channel): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from consent where customer_id = $1 and channel = $2 and purpose = 'marketing' and not granted and pending_since is not null`,
    [customerId, channel],
  );
  return rows.length > 0;
}

/** Whether the marketing subscription on the channel is the one given at `grantedAt` and still waits for its confirmation. */
export async function grantAwaitingConfirmation(db: Db, customerId: string, channel: Channel, grantedAt: string): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from consent where customer_id = $1 and channel = $2 and purpose = 'marketing' and not granted and pending_since = $3::timestamptz`,
    [customerId, channel, grantedAt],
  );
  return rows.length > 0;
}

/** In the bottom 20% by R + F + M at the last recompute (customer_scores). */
export async function inBottom20(db: Db, customerId: string): Promise<boolean> {
  const { rows } = await db.query<{ bottom_20: boolean }>('select bottom_20 from customer_scores where customer_id = $1', [customerId]);
  return rows[0]?.bottom_20 ?? false;
}

/** Customers whose profile has this phone number (E.164); a shared family phone may be several. */
export async function customerIdsByPhone(db: Db, phone: string): Promise<string[]> {
  const { rows } = await db.query<{ customer_id: string }>('select customer_id from customers where phone = $1', [phone]);
  return rows.map((row) => row.customer_id);
}
