/**
 * The awareness catalog on the time-skipping test server with in-memory activities: the
 * postcard an hour after a prospect subscribes; an email subscriber mailed once they allow
 * post, and not without; who is not taken in (customers with orders, no postal address,
 * consents that are not a subscription); the first order ending it; the holdout recorded.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { journeyEventSignal } from '../../schemas/names.ts';
import type { JourneyResult } from '../../schemas/journey.ts';
import { customerEvent, uniqueId } from '../../test/support/fixtures.ts';
import { createMockActivities, type MockCustomer } from '../../test/support/mock-activities.ts';
import { startWorkflowTestbed, type WorkflowTestbed } from '../../test/support/workflow-testbed.ts';
import { assignArm } from '../lib/assignment.ts';
import { startsJourney } from '../lib/journey-descriptor.ts';
import { awarenessCatalog } from './awareness-catalog.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const customers: Record<string, MockCustomer> = {};
const mocks = createMockActivities(customers);
let bed: WorkflowTestbed;

before(async () => (bed = await startWorkflowTestbed('awareness-catalog-unit', () => mocks.activities)));
after(() => bed?.stop());

function prospect(holdout: boolean, customer: MockCustomer): string {
  for (;;) {
    const customerId = uniqueId('prospect');
    if (assignArm(customerId, awarenessCatalog.id, awarenessCatalog).holdout !== holdout) continue;
    customers[customerId] = customer;
    return customerId;
  }
}

const subscribed = (customerId: string, channel: 'email' | 'direct_mail' | 'sms', purpose = 'marketing') =>
  customerEvent(customerId, 'Consent Granted', { channel, purpose, source: 'newsletter form' });

const start = (customerId: string, channel: 'email' | 'direct_mail' = 'direct_mail') =>
  bed.startJourney(awarenessCatalog, customerId, 'once', subscribed(customerId, channel));

const exitOf = (result: JourneyResult) => ({ outcome: result.outcome, reason: result.outcome === 'exited' && result.reason });

describe('awareness catalog (in-memory activities)', () => {
  it('mails the catalog postcard an hour after a prospect with a postal address subscribes by post', async () => {
    const customerId = prospect(false, { consent: ['direct_mail'] });
    const startedAt = await bed.env.currentTimeMs();
    const result = await (await start(customerId)).result();
    assert.equal(result.outcome, 'completed');
    const sends = mocks.sendsOf(customerId);
    assert.deepEqual(
      sends.map((send) => [send.channel, send.step, send.template, send.status]),
      [['direct_mail', 'catalog', 'catalog-postcard', 'sent']],
    );
    const after = sends[0]!.at - startedAt;
    assert.ok(after >= HOUR && after < HOUR + MINUTE, `${after} ms after subscribing`);
  });

  it('mails an email subscriber once they also allow post, and not if they never do within a month', async () => {
    const later = prospect(false, { consent: ['email'] });
    const handle = await start(later, 'email');
    await bed.env.sleep('3 days');
    await handle.signal(journeyEventSignal, subscribed(later, 'sms'));
    await handle.signal(journeyEventSignal, subscribed(later, 'direct_mail'));
    customers[later]!.consent.push('direct_mail');
    assert.equal((await handle.result()).outcome, 'completed');
    assert.deepEqual(
      mocks.sendsOf(later).map((send) => [send.template, send.status]),
      [['catalog-postcard', 'sent']],
      'a text consent is not a postal one; the postal one mails it',
    );

    const never = prospect(false, { consent: ['email'] });
    const startedAt = await bed.env.currentTimeMs();
    const result = await (await start(never, 'email')).result();
    assert.deepEqual(exitOf(result), { outcome: 'exited', reason: 'no-mail-consent' });
    assert.ok((await bed.env.currentTimeMs()) - startedAt >= 30 * 24 * HOUR, 'it waited the month');
    assert.equal(mocks.sendsOf(never).length, 0);
  });

  it('does not mail a customer who has ordered, or one without a postal address', async () => {
    const customer = prospect(false, {
      consent: ['email', 'direct_mail'],
      orders: { count: 1, spent: [{ amount: 30_00, currency: 'EUR' }], firstAt: null },
    });
    assert.deepEqual(exitOf(await (await start(customer)).result()), { outcome: 'exited', reason: 'not-a-prospect' });

    const unaddressed = prospect(false, { consent: ['email', 'direct_mail'], reachableOn: ['email'] });
    assert.deepEqual(exitOf(await (await start(unaddressed)).result()), { outcome: 'exited', reason: 'no-postal-address' });
    assert.equal(mocks.sendsOf(customer).length + mocks.sendsOf(unaddressed).length, 0);
  });

  it('starts only on a marketing subscription by email or post', () => {
    const starts = (channel: 'email' | 'direct_mail' | 'sms', purpose: string) =>
      startsJourney(awarenessCatalog, subscribed('someone', channel, purpose));
    assert.deepEqual(
      [starts('email', 'marketing'), starts('direct_mail', 'marketing'), starts('sms', 'marketing'), starts('email', 'transactional')],
      [true, true, false, false],
    );
  });

  it('ends without mailing when the prospect orders first', async () => {
    const customerId = prospect(false, { consent: ['email'] });
    const handle = await start(customerId, 'email');
    await bed.env.sleep('2 days');
    await handle.signal(journeyEventSignal, customerEvent(customerId, 'Order Completed', { order_id: uniqueId('order') }));
    assert.deepEqual(exitOf(await handle.result()), { outcome: 'exited', reason: 'ordered' });
    assert.equal(mocks.sendsOf(customerId).length, 0);
  });

  it('records the holdout’s postcard without mailing it', async () => {
    const customerId = prospect(true, { consent: ['direct_mail'] });
    const result = await (await start(customerId)).result();
    assert.deepEqual(
      result.sends.map((send) => [send.step, send.status === 'skipped' && send.reason]),
      [['catalog', 'holdout']],
    );
    assert.equal(mocks.assignments.find((assignment) => assignment.customerId === customerId)?.holdout, true);
  });
});
