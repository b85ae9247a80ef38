/**
 * What a backfill offers each journey, read from the real event store and consent
 * projection: the trigger each customer would have entered with, under the id they have now.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CustomerEventEnvelope } from '../../../schemas/envelope.ts';
import { customerEvent, project, uniqueId } from '../../../test/support/fixtures.ts';
import { loadConfig } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { createDb } from '../db/pool.ts';
import { triggersOf } from './entry-requests.ts';

const db = createDb(loadConfig().databaseUrl);
before(() => migrate(db));
after(() => db.end());

const at = (event: CustomerEventEnvelope, occurredAt: string): CustomerEventEnvelope => ({ ...event, occurredAt, receivedAt: occurredAt });

describe('journey backfill triggers', () => {
  const [regular, merged, visitor, subscriber] = ['regular', 'merged', 'visitor', 'subscriber'].map(uniqueId) as [
    string,
    string,
    string,
    string,
  ];
  const event = (customerId: string, type: string, payload: Record<string, unknown>, occurredAt: string) =>
    at(customerEvent(customerId, type, payload), occurredAt);
  const signedUp = event(regular, 'Signed Up', {}, '2023-01-01T10:00:00.000Z');
  const firstOrder = event(regular, 'Order Completed', { order_id: uniqueId('o') }, '2023-02-01T10:00:00.000Z');
  const birthdayNow = event(regular, 'Identify', { birthday: '1990-04-13' }, '2024-01-01T10:00:00.000Z');
  const visitorSignedUp = event(visitor, 'Signed Up', {}, '2022-07-07T10:00:00.000Z');
  const renewal = event(subscriber, 'Consent Granted', { channel: 'email', purpose: 'marketing' }, '2025-01-01T10:00:00.000Z');
  const scope = { customerIds: [regular, merged, subscriber] };
  const offered = async (journeyId: string) =>
    (await triggersOf(db, journeyId, scope))
      .map((row) => ({ owner: row.owner, eventId: row.event_id }))
      .sort((a, b) => a.owner.localeCompare(b.owner));

  before(() =>
    project(
      db,
      signedUp,
      event(regular, 'Signed Up', {}, '2024-05-05T10:00:00.000Z'),
      firstOrder,
      event(regular, 'Order Completed', { order_id: uniqueId('o') }, '2023-06-01T10:00:00.000Z'),
      event(regular, 'Identify', { birthday: '1990-04-12' }, '2023-01-01T10:00:00.000Z'),
      birthdayNow,
      event(regular, 'Identify', { firstName: 'Ann' }, '2025-01-01T10:00:00.000Z'),
      // A visitor who signed up, then logged in as the customer: the sign-up is the customer's.
      visitorSignedUp,
      event(merged, 'Identities Merged', { merged_customer_id: visitor }, '2025-02-02T10:00:00.000Z'),
      // Email granted, then renewed: the renewal is the grant in force. SMS granted and revoked: none.
      event(subscriber, 'Consent Granted', { channel: 'email', purpose: 'marketing' }, '2024-01-01T10:00:00.000Z'),
      renewal,
      event(subscriber, 'Consent Granted', { channel: 'sms', purpose: 'marketing' }, '2024-03-01T10:00:00.000Z'),
      event(subscriber, 'Consent Revoked', { channel: 'sms', purpose: 'marketing' }, '2024-06-01T10:00:00.000Z'),
      event(subscriber, 'Consent Granted', { channel: 'push', purpose: 'transactional' }, '2024-03-01T10:00:00.000Z'),
    ),
  );

  it("offers signup-anniversary each customer's first sign-up, a merged visitor's under the customer", async () => {
    assert.deepEqual(await offered('signup-anniversary'), [
      { owner: merged, eventId: visitorSignedUp.eventId },
      { owner: regular, eventId: signedUp.eventId },
    ]);
  });

  it('offers first-order-anniversary the first order, and birthday the latest profile that told one', async () => {
    assert.deepEqual(await offered('first-order-anniversary'), [{ owner: regular, eventId: firstOrder.eventId }]);
    assert.deepEqual(await offered('birthday'), [{ owner: regular, eventId: birthdayNow.eventId }]);
  });

  it('offers re-permission the marketing grant in force on each channel: not one renewed since, revoked, or transactional', async () => {
    assert.deepEqual(await offered('re-permission'), [{ owner: subscriber, eventId: renewal.eventId }]);
  });

  it('refuses a journey without a backfill', async () => {
    await assert.rejects(triggersOf(db, 'welcome', scope), /welcome has no backfill \(journeys with one: signup-anniversary, /);
  });
});
