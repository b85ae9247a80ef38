/**
 * Apologies for a broken or repeated message (`journeys journey apologize`): the message
 * ledger says who the step was sent to, and each of them gets one `Apology Requested` event
 * in the log, which starts the oops-apology journey in their workflow. The event id is a
 * function of the journey, the step and the customer, so asking twice writes the same
 * events again, which the event store and the customer workflow drop as repeats (and the
 * journey, once per step, and the ledger, once per workflow and step, would stop a third).
 */
import type { CustomerEventEnvelope } from '../../../schemas/envelope.ts';
import { ApologyRequested } from '../../../schemas/events/operations.ts';
import type { Channel } from '../../../schemas/primitives.ts';
import type { Queryable } from '../db/pool.ts';
import type { EventLogWriter } from '../kafka/customer-events.ts';
import { derivedEventId } from '../kafka/derived-event-id.ts';

export const APOLOGY_EVENT_SOURCE = 'operators';
const BATCH = 500;

export interface Recipient {
  customerId: string;
  /** The channel the broken message went out on. */
  channel: Channel;
}

/**
 * The customers the step was sent to, once each (a customer in the journey twice, two
 * carts, got it twice and is apologised to once), under the id they have now (an anonymous
 * visitor who logged in since is the customer). Only 'sent': a skipped step (holdout, no
 * consent, capped) reached no one, a cancelled postcard was never printed, and a step left
 * 'sending' by a crash may not have gone, and an apology for a message never received
 * would be the confusing message.
 */
export async function recipientsOf(
  db: Queryable,
  journeyId: string,
  step: string,
  sentSince?: Date,
  /** Only these customers (ids as they are now), where the mistake reached a known few. */
  customerIds?: readonly string[],
): Promise<Recipient[]> {
  const { rows } = await db.query<{ customer_id: string; channel: Channel }>(
    `select distinct on (customer_id) customer_id, channel from (
       select coalesce(identities.customer_id, messages.customer_id) as customer_id, messages.channel, messages.sent_at
       from messages left join customer_identities identities on identities.merged_id = messages.customer_id
       where messages.journey_id = $1 and messages.step = $2 and messages.status = 'sent'
         and ($3::timestamptz is null or messages.sent_at >= $3)
     ) sent
     where $4::text[] is null or customer_id = any($4::text[])
     order by customer_id, sent_at`,
    [journeyId, step, sentSince ?? null, customerIds ?? null],
  );
  return rows.map((row) => ({ customerId: row.customer_id, channel: row.channel }));
}

/** Every step of the journey the ledger holds, whatever became of it: what an operator may name. */
export async function ledgerStepsOf(db: Queryable, journeyId: string): Promise<string[]> {
  const { rows } = await db.query<{ step: string }>('select distinct step from messages where journey_id = $1 order by step', [journeyId]);
  return rows.map((row) => row.step);
}

/** The same for every run of the command: readable when it fits the catalog's ids, hashed when not. */
export function apologyEventId(journeyId: string, step: string, customerId: string): string {
  return derivedEventId('apology', journeyId, step, customerId);
}

export function apologyRequest(journeyId: string, step: string, recipient: Recipient, at: Date): CustomerEventEnvelope {
  const time = at.toISOString();
  return {
    eventId: apologyEventId(journeyId, step, recipient.customerId),
    customerId: recipient.customerId,
    type: ApologyRequested.name,
    version: ApologyRequested.version,
    occurredAt: time,
    receivedAt: time,
    source: APOLOGY_EVENT_SOURCE,
    payload: { journey_id: journeyId, step, channel: recipient.channel },
  };
}

/** Writes one request per recipient to the log; returns how many customers, and events written. */
export async function requestApologies(
  deps: { db: Queryable; log: EventLogWriter },
  request: { journeyId: string; step: string; sentSince?: Date; customerIds?: readonly string[] },
): Promise<{ customers: number; written: number }> {
  const recipients = await recipientsOf(deps.db, request.journeyId, request.step, request.sentSince, request.customerIds);
  const now = new Date();
  for (let start = 0; start < recipients.length; start += BATCH) {
    const batch = recipients.slice(start, start + BATCH);
    await deps.log.append(batch.map((recipient) => apologyRequest(request.journeyId, request.step, recipient, now)));
  }
  return { customers: recipients.length, written: recipients.length };
}
