/** What the rest of the product reads about a channel from the channel table (activities/channels/index.ts). */
import type { Channel, Purpose } from '../../schemas/primitives.ts';
import type { CustomerProfile } from '../../services/platform/db/customers.ts';
import type { Db } from '../../services/platform/db/pool.ts';

export interface ChannelSpec<C extends Channel = Channel, Address = unknown> {
  channel: C;
  /** The consent a journey's send on this channel needs. */
  purpose: Purpose;
  /** Messages per second the provider takes across all workers, unless `SEND_RATES` says otherwise. */
  sendRate: number;
  /** The activities the worker runs on the channel's task queue: its send (`send<Channel>`) and any others. */
  activities: readonly string[];
  /**
   * The customer's address on the channel, or null when there is none. The send gate sends
   * to it, and profile facts (`reachableOn`) report whether there is one: one answer for both.
   */
  addressOf(profile: CustomerProfile, db: Db): Promise<Address | null>;
}
