/** Builders for test events and customers; ids are random so tests never share state. */
import { randomInt, randomUUID } from 'node:crypto';
import { checkEnvelope, type CustomerEventEnvelope } from '../../schemas/envelope.ts';
import type { Channel } from '../../schemas/primitives.ts';
import { completeMessage, recordMessage } from '../../services/platform/db/message-ledger.ts';
import { inTransaction, type Db } from '../../services/platform/db/pool.ts';
import { entryRequest } from '../../services/platform/journey-backfill/entry-requests.ts';
import { projectEvent } from '../../services/processes/projector/project-event.ts';

export const uniqueId = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** A canonical event; test data that the catalog would reject fails loudly here. */
export function customerEvent(customerId: string, type: string, payload: Record<string, unknown>): CustomerEventEnvelope {
  const now = new Date().toISOString();
  const checked = checkEnvelope({
    eventId: randomUUID(),
    customerId,
    type,
    version: 1,
    occurredAt: now,
    receivedAt: now,
    source: 'test',
    payload,
  });
  if (!checked.ok) throw new Error(`invalid test event ${type}: ${JSON.stringify(checked.issues)}`);
  return checked.value;
}

/** The backfill's `Journey Entry Requested` offering this event (as the event store holds it) to the journey. */
export function entryRequestOf(journeyId: string, event: CustomerEventEnvelope): CustomerEventEnvelope {
  const stored = { ...event, owner: event.customerId, event_id: event.eventId, occurred_at: new Date(event.occurredAt) };
  const checked = checkEnvelope(entryRequest(journeyId, stored, new Date()));
  if (!checked.ok) throw new Error(`invalid entry request: ${JSON.stringify(checked.issues)}`);
  return checked.value;
}

/** Writes events through the projector's own code, as if they had come from Kafka. */
export function project(db: Db, ...events: CustomerEventEnvelope[]): Promise<void> {
  return inTransaction(db, async (client) => {
    for (const event of events) await projectEvent(client, event);
  });
}

/** A fictional postal address that Lob (and the sink) accept. */
export const testAddress = {
  street: '185 Berry St',
  street2: 'Suite 6100',
  city: 'San Francisco',
  state: 'CA',
  postalCode: '94107',
  country: 'US',
};

/**
 * A customer known by email and a (fictional, 555) phone number, with marketing consent on
 * `channels` (email by default) or none; `withAddress` adds a postal address and a last
 * name (the customer id, so mail sink records are theirs alone).
 */
export async function createShopper(
  db: Db,
  options: {
    consent: boolean;
    channels?: Channel[];
    timeZone?: string;
    withPhone?: boolean;
    withAddress?: boolean;
    customerId?: string;
    /** YYYY-MM-DD or --MM-DD. */
    birthday?: string;
  },
) {
  const customerId = options.customerId ?? uniqueId('shopper');
  const email = `${customerId}@example.com`;
  const phone = `+1555${String(randomInt(10_000_000)).padStart(7, '0')}`;
  const contact = options.withPhone === false ? { email } : { email, phone };
  const postal = options.withAddress ? { lastName: customerId, address: testAddress } : {};
  const birthday = options.birthday ? { birthday: options.birthday } : {};
  const events = [
    customerEvent(customerId, 'Identify', {
      ...contact,
      ...postal,
      ...birthday,
      firstName: 'Test',
      timezone: options.timeZone ?? 'Europe/Paris',
    }),
  ];
  if (options.consent) {
    for (const channel of options.channels ?? ['email'])
      events.push(customerEvent(customerId, 'Consent Granted', { channel, purpose: 'marketing' }));
  }
  await project(db, ...events);
  return { customerId, email, phone, mailName: `Test ${customerId}` };
}

/** Marketing messages another journey sent the customer at these times (for frequency caps). */
export async function recordEarlierSends(db: Db, customerId: string, channel: Channel, sentAt: Date[]): Promise<void> {
  for (const [index, at] of sentAt.entries()) {
    const workflowId = uniqueId('journey/earlier');
    const idempotencyKey = `${workflowId}/step-${index}`;
    await recordMessage(
      db,
      { idempotencyKey, customerId, journeyId: 'earlier-journey', workflowId, step: `step-${index}`, channel, purpose: 'marketing' },
      { status: 'sending', sentAt: at },
    );
    await completeMessage(db, idempotencyKey, { status: 'sent', providerMessageId: `earlier-${index}` });
  }
}
