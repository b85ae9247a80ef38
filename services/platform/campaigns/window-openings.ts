/**
 * Opening a campaign's window: one `Campaign Window Opened` event in the log for each
 * customer who lives in the window's place, which starts the campaign's journey in that
 * customer's own workflow. The one scan of the base a campaign makes, as maintenance.
 *
 * The event id is a function of the campaign, the occurrence and the customer, so opening a
 * window twice (the schedule retried, an operator opening it by hand too) writes the same
 * events again, which the event store and the customer workflow drop as repeats; and the
 * journey runs once per customer and occurrence anyway.
 */
import { createHash } from 'node:crypto';
import type { CustomerEventEnvelope } from '../../../schemas/envelope.ts';
import { CampaignWindowOpened } from '../../../schemas/events/campaigns.ts';
import type { Queryable } from '../db/pool.ts';
import type { EventLogWriter } from '../kafka/customer-events.ts';
import type { CampaignWindow } from './holiday-windows.ts';

export const CAMPAIGN_EVENT_SOURCE = 'campaigns';
/** Customers per page of a window's events: one query and one append, well inside a heartbeat timeout. */
export const PAGE = 500;
/** The catalog's Id limit (schemas/primitives.ts): longer ids are hashed. */
const MAX_ID = 200;

/** The same for every opening of the window: readable when it fits the catalog's ids, hashed when not. */
export function campaignEventId(campaignId: string, occurrence: string, customerId: string): string {
  const id = `campaign/${campaignId}/${occurrence}/${customerId}`;
  return id.length <= MAX_ID ? id : `campaign/sha256:${createHash('sha256').update(id).digest('hex')}`;
}

export function windowOpened(window: CampaignWindow, customerId: string, at: Date): CustomerEventEnvelope {
  const time = at.toISOString();
  return {
    eventId: campaignEventId(window.campaignId, window.occurrence, customerId),
    customerId,
    type: CampaignWindowOpened.name,
    version: CampaignWindowOpened.version,
    occurredAt: time,
    receivedAt: time,
    source: CAMPAIGN_EVENT_SOURCE,
    payload: {
      campaign_id: window.campaignId,
      occurrence: window.occurrence,
      place: window.place,
      holiday_on: window.holidayOn,
      opens_on: window.opensOn,
    },
  };
}

/**
 * One page of the customers who live in the place, after `afterId`: by their country (the
 * profile's, which coupon pools check too), and for a region by the state of their postal
 * address, given as the region's code (`ON`, `BY`). Ids merged into another customer are
 * that customer now, and are left out.
 */
async function customersIn(db: Queryable, place: string, afterId: string): Promise<string[]> {
  const [country, region] = place.split('-') as [string, string | undefined];
  const { rows } = await db.query<{ customer_id: string }>(
    `select customer_id from customers
     where country = $1 and ($2::text is null or upper(address->>'state') = $2) and customer_id > $3
       and not exists (select 1 from customer_identities identities where identities.merged_id = customers.customer_id)
     order by customer_id limit $4`,
    [country, region ?? null, afterId, PAGE],
  );
  return rows.map((row) => row.customer_id);
}

/**
 * Writes the window's events, a page at a time; returns how many customers it opened for.
 * `onPage` hears of each page written (an activity heartbeats with it).
 */
export async function openWindow(
  deps: { db: Queryable; log: EventLogWriter },
  window: CampaignWindow,
  at: Date,
  onPage: (progress: { opened: number; lastCustomerId: string }) => void = () => undefined,
): Promise<number> {
  let opened = 0;
  for (let afterId = ''; ;) {
    const page = await customersIn(deps.db, window.place, afterId);
    if (page.length === 0) return opened;
    await deps.log.append(page.map((customerId) => windowOpened(window, customerId, at)));
    opened += page.length;
    afterId = page[page.length - 1]!;
    onPage({ opened, lastCustomerId: afterId });
  }
}

/** Whether the nightly run opened this window already (table campaign_window_openings). */
export async function wasOpened(db: Queryable, window: CampaignWindow): Promise<boolean> {
  const { rows } = await db.query('select 1 from campaign_window_openings where campaign_id = $1 and occurrence = $2 and place = $3', [
    window.campaignId,
    window.occurrence,
    window.place,
  ]);
  return rows.length > 0;
}

/**
 * Records the window as opened, after every page of its events was written: a run that died
 * half-way left it unrecorded, and the next run opens it again under the same event ids.
 */
export async function recordOpened(db: Queryable, window: CampaignWindow, customers: number): Promise<void> {
  await db.query(
    `insert into campaign_window_openings (campaign_id, occurrence, place, opens_on, holiday_on, customers)
     values ($1, $2, $3, $4, $5, $6) on conflict do nothing`,
    [window.campaignId, window.occurrence, window.place, window.opensOn, window.holidayOn, customers],
  );
}
