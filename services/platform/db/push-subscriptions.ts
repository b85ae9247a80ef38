/** A customer's Web Push subscriptions (one per browser or device), as the projector keeps them. */
import type { PushSubscription } from '../../../schemas/events/profile.ts';
import type { Db } from './pool.ts';

/** More devices than this get the newest only: a customer rarely has more, a loop never should. */
const MAX_DEVICES = 10;

/** The subscriptions that have not expired by `at`, newest first. */
export async function activePushSubscriptions(db: Db, customerId: string, at: Date): Promise<PushSubscription[]> {
  const { rows } = await db.query<{ endpoint: string; p256dh: string; auth: string }>(
    `select endpoint, p256dh, auth from push_subscriptions
     where customer_id = $1 and (expires_at is null or expires_at > $2)
     order by registered_at desc limit ${MAX_DEVICES}`,
    [customerId, at],
  );
  return rows.map(({ endpoint, p256dh, auth }) => ({ endpoint, keys: { p256dh, auth } }));
}
