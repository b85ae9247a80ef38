/**
 * Re-permission on the time-skipping test server with in-memory activities: a 24-month
 * marketing consent is asked to renew at the last 10:00 of the customer's day at or before
 * 30 and 7 days ahead of its lapse, on its channel (post by email), with an offer from the
 * customer's country's pool; unrenewed, it is written off at the lapse. A renewal or a
 * revocation of that channel ends the run; another channel's does not.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Channel } from '../../schemas/primitives.ts';
import { journeyEventSignal } from '../../schemas/names.ts';
import { lapseOf } from '../../services/platform/consent-lapse/consent-lapse.ts';
import { nextLocalTime } from '../../services/platform/local-time.ts';
import { customerEvent, uniqueId } from '../../test/support/fixtures.ts';
import { createMockActivities, type MockCustomer } from '../../test/support/mock-activities.ts';
import { startWorkflowTestbed, type WorkflowTestbed } from '../../test/support/workflow-testbed.ts';
import { rePermission } from './re-permission.ts';

const DAY = 86_400_000;
const TEN = 10 * 60;
const ZONE = 'Asia/Tokyo';
const customers: Record<string, MockCustomer> = {};
const mocks = createMockActivities(customers);
let bed: WorkflowTestbed;

before(async () => (bed = await startWorkflowTestbed('re-permission-unit', () => mocks.activities)));
after(() => bed?.stop());

function subscriber(customer: Partial<MockCustomer> = {}): string {
  const customerId = uniqueId('subscriber');
  customers[customerId] = { consent: ['email', 'sms', 'direct_mail'], timeZone: ZONE, ...customer };
  return customerId;
}

/** A marketing grant on the channel, given now on the test server's clock. */
async function grant(customerId: string, channel: Channel) {
  const granted = {
    ...customerEvent(customerId, 'Consent Granted', { channel, purpose: 'marketing' }),
    occurredAt: new Date(await bed.env.currentTimeMs()).toISOString(),
  };
  const handle = await bed.startJourney(rePermission, customerId, `${channel}:${granted.eventId}`, granted);
  return { granted, handle };
}

/** Within 5 s: an activity's round trip (slow on a loaded machine) adds to the journey's clock. */
const near = (actual: number, expected: number, what: string) =>
  assert.ok(
    Math.abs(actual - expected) < 5_000,
    `${what} at ${new Date(actual).toISOString()}, expected ${new Date(expected).toISOString()}`,
  );
/** The last 10:00 in the zone at or before `due`. */
const askedAt = (due: number) => nextLocalTime(new Date(due - DAY), TEN, ZONE).getTime();

describe('re-permission (in-memory activities)', () => {
  it('asks 30 and 7 days before a 24-month lapse at 10:00 local, then writes the consent off at the lapse', async () => {
    const customerId = subscriber({
      renewal: { monthsSinceLastOrder: 6, favouriteCategory: 'tea', favouriteProduct: 'Sencha', country: 'JP' },
    });
    const { granted, handle } = await grant(customerId, 'email');
    const lapse = lapseOf(new Date(granted.occurredAt), 24).getTime();
    const result = await handle.result();
    assert.equal(result.outcome, 'completed');
    assert.deepEqual(
      mocks.sendsOf(customerId).map((send) => [send.step, send.channel, send.template, send.status, send.coupon]),
      [
        ['renewal-request-30', 'email', 'consent-renewal', 'sent', 'CODE-re-permission-jp-renewal-request-30-coupon'],
        ['renewal-request-7', 'email', 'consent-renewal', 'sent', 'CODE-re-permission-jp-renewal-request-30-coupon'],
      ],
    );
    mocks.sendsOf(customerId).forEach((send, i) => near(send.at, askedAt(lapse - [30, 7][i]! * DAY), `request ${i + 1}`));
    for (const send of mocks.sendsOf(customerId)) {
      const local = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit' }).format(send.at);
      assert.equal(local, '10:00');
    }
    const [first, last] = mocks.sendsOf(customerId);
    assert.ok(lapse - first!.at >= 30 * DAY && lapse - first!.at < 31 * DAY, 'at least 30 days of notice');
    assert.ok(lapse - last!.at >= 7 * DAY && lapse - last!.at < 8 * DAY, 'at least 7 days of notice');
    const expiry = mocks.expiries.filter((expired) => expired.customerId === customerId);
    assert.deepEqual(
      expiry.map((expired) => [expired.channel, expired.grantedAt]),
      [['email', granted.occurredAt]],
    );
    near(expiry[0]!.at, lapse, 'the write-off');
    assert.deepEqual(customers[customerId]!.consent, ['sms', 'direct_mail'], 'no more email marketing');
  });

  it('switched off, still writes the grant off at its lapse; the requests while it is off are skipped, without an offer', async () => {
    const customerId = subscriber();
    mocks.setJourney(rePermission.id, { enabled: false, parameters: {} });
    try {
      const { granted, handle } = await grant(customerId, 'email');
      assert.equal((await handle.result()).outcome, 'completed');
      assert.deepEqual(
        mocks.sendsOf(customerId).map((send) => [send.step, send.reason, send.coupon]),
        [
          ['renewal-request-30', 'journey-disabled', undefined],
          ['renewal-request-7', 'journey-disabled', undefined],
        ],
      );
      const expiry = mocks.expiries.filter((expired) => expired.customerId === customerId);
      assert.deepEqual(
        expiry.map((expired) => [expired.channel, expired.grantedAt]),
        [['email', granted.occurredAt]],
      );
    } finally {
      mocks.setJourney(rePermission.id, { enabled: true, parameters: {} });
    }
  });

  it('asks a texter by text, a postal subscriber by email, and offers the shop-wide pool when the country is unknown', async () => {
    const texter = subscriber();
    const postal = subscriber();
    const runs = [await grant(texter, 'sms'), await grant(postal, 'direct_mail')];
    // One after the other: the time-skipping server skips for one waiting client at a time.
    for (const { handle } of runs) await handle.result();
    assert.deepEqual(
      mocks.sendsOf(texter).map((send) => [send.step, send.channel, send.template, send.coupon]),
      [
        ['renewal-request-30', 'sms', 'consent-renewal-sms', 'CODE-re-permission-renewal-request-30-coupon-any'],
        ['renewal-request-7', 'sms', 'consent-renewal-sms', 'CODE-re-permission-renewal-request-30-coupon-any'],
      ],
    );
    assert.deepEqual(
      mocks.sendsOf(postal).map((send) => [send.step, send.channel, send.template]),
      [
        ['renewal-request-30', 'email', 'consent-renewal'],
        ['renewal-request-7', 'email', 'consent-renewal'],
      ],
    );
    assert.deepEqual(
      mocks.expiries.filter((expired) => [texter, postal].includes(expired.customerId)).map((expired) => expired.channel),
      ['sms', 'direct_mail'],
    );
  });

  it('ends when the customer renews the channel between the requests: no second request, nothing written off', async () => {
    const customerId = subscriber();
    const { handle } = await grant(customerId, 'email');
    await bed.env.sleep(`${730 - 20} days`);
    // Another channel's renewal is not this one's.
    await handle.signal(journeyEventSignal, customerEvent(customerId, 'Consent Granted', { channel: 'sms', purpose: 'marketing' }));
    await handle.signal(journeyEventSignal, customerEvent(customerId, 'Consent Granted', { channel: 'email', purpose: 'marketing' }));
    const result = await handle.result();
    assert.deepEqual([result.outcome, result.outcome === 'exited' && result.reason], ['exited', 'renewed']);
    assert.deepEqual(
      mocks.sendsOf(customerId).map((send) => send.step),
      ['renewal-request-30'],
    );
    assert.equal(mocks.expiries.filter((expired) => expired.customerId === customerId).length, 0);
  });

  it('ends when the customer revokes marketing on the channel, but not on a transactional or other channel’s revocation', async () => {
    const customerId = subscriber();
    const { handle } = await grant(customerId, 'sms');
    await bed.env.sleep('100 days');
    await handle.signal(journeyEventSignal, customerEvent(customerId, 'Consent Revoked', { channel: 'sms', purpose: 'transactional' }));
    await handle.signal(journeyEventSignal, customerEvent(customerId, 'Consent Revoked', { channel: 'email', purpose: 'marketing' }));
    await bed.env.sleep('100 days');
    assert.equal((await handle.describe()).status.name, 'RUNNING');
    await handle.signal(journeyEventSignal, customerEvent(customerId, 'Consent Revoked', { channel: 'sms', purpose: 'marketing' }));
    const result = await handle.result();
    assert.deepEqual([result.outcome, result.outcome === 'exited' && result.reason], ['exited', 'revoked']);
    assert.deepEqual(mocks.sendsOf(customerId), []);
    assert.equal(mocks.expiries.filter((expired) => expired.customerId === customerId).length, 0);
  });

  it('starts only on marketing grants, one run per grant', () => {
    const customerId = uniqueId('c');
    const marketing = customerEvent(customerId, 'Consent Granted', { channel: 'email', purpose: 'marketing' });
    const transactional = customerEvent(customerId, 'Consent Granted', { channel: 'email', purpose: 'transactional' });
    assert.equal(rePermission.trigger.matches?.(marketing as never), true);
    assert.equal(rePermission.trigger.matches?.(transactional as never), false);
    assert.equal(rePermission.trigger.key(marketing as never), `email:${marketing.eventId}`);
    assert.equal(rePermission.holdout, undefined, 'no holdout: the lapse comes to everyone');
  });
});
