/** Reads of the customer projections that the activities need at send time. */
import type { Channel, Purpose } from '../../schemas/primitives.ts';
import type { Db } from './pool.ts';

export interface CustomerProfile {
  customerId: string;
  email: string | null;
  timeZone: string | null;
  traits: Record<string, unknown>;
}

export async function findCustomer(db: Db, customerId: string): Promise<CustomerProfile | null> {
  const { rows } = await db.query<{ email: string | null; time_zone: string | null; traits: Record<string, unknown> }>(
    'select email, time_zone, traits from customers where customer_id = $1',
    [customerId],
  );
  const row = rows[0];
  return row ? { customerId, email: row.email, timeZone: row.time_zone, traits: row.traits } : null;
}

/** Consent as of now: no row means no consent. */
export async function hasConsent(db: Db, customerId: string, channel: Channel, purpose: Purpose): Promise<boolean> {
  const { rows } = await db.query<{ granted: boolean }>(
    'select granted from consent where customer_id = $1 and channel = $2 and purpose = $3',
    [customerId, channel, purpose],
  );
  return rows[0]?.granted ?? false;
}
