/**
 * Confirm-subscription on the time-skipping test server with in-memory activities: a pending
 * email subscription gets its confirmation request at once, transactional, and one reminder
 * 3 days later unless the customer clicked; the click for this grant ends the run, one for
 * another grant does not; a grant that is not pending gets nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { journeyEventSignal } from '../../schemas/names.ts';
import { customerEvent, uniqueId } from '../../test/support/fixtures.ts';
import { createMockActivities, type MockCustomer } from '../../test/support/mock-activities.ts';
import { startWorkflowTestbed, type WorkflowTestbed } from '../../test/support/workflow-testbed.ts';
import { confirmSubscription } from './confirm-subscription.ts';

const DAY = 86_400_000;
const customers: Record<string, MockCustomer> = {};
const mocks = createMockActivities(customers);
let bed: WorkflowTestbed;

before(async () => (bed = await startWorkflowTestbed('confirm-subscription-unit', () => mocks.activities)));
after(() => bed?.stop());

/** A new subscriber: no marketing consent yet, their email subscription pending unless said. */
function subscriber(customer: Partial<MockCustomer> = {}): string {
  const customerId = uniqueId('subscriber');
  customers[customerId] = { consent: [], pending: ['email'], ...customer };
  return customerId;
}

/** An email marketing grant, given now on the test server's clock. */
async function subscribe(customerId: string) {
  const granted = {
    ...customerEvent(customerId, 'Consent Granted', { channel: 'email', purpose: 'marketing' }),
    occurredAt: new Date(await bed.env.currentTimeMs()).toISOString(),
  };
  const handle = await bed.startJourney(confirmSubscription, customerId, granted.eventId, granted);
  return { granted, handle };
}

const confirmation = (customerId: string, grantedAt: string) =>
  customerEvent(customerId, 'Consent Confirmed', { channel: 'email', purpose: 'marketing', granted_at: grantedAt });

describe('confirm-subscription (in-memory activities)', () => {
  it('sends the confirmation request at once and one reminder 3 days later when not confirmed', async () => {
    const customerId = subscriber();
    const { granted, handle } = await subscribe(customerId);
    const result = await handle.result();
    assert.equal(result.outcome, 'completed');
    const sends = mocks.sendsOf(customerId);
    assert.deepEqual(
      sends.map((send) => [send.step, send.template, send.status]),
      [
        ['confirmation-request', 'confirm-subscription', 'sent'],
        ['confirmation-reminder', 'confirm-subscription-reminder', 'sent'],
      ],
    );
    const start = Date.parse(granted.occurredAt);
    assert.ok(sends[0]!.at - start < 60_000, 'the request goes at once');
    assert.ok(Math.abs(sends[1]!.at - (start + 3 * DAY)) < 60_000, 'the reminder 3 days after the grant');
  });

  it('ends on the click for this grant: no reminder; a click for an older grant does not end it', async () => {
    const customerId = subscriber();
    const { granted, handle } = await subscribe(customerId);
    await bed.env.sleep('1 day');
    await handle.signal(journeyEventSignal, confirmation(customerId, new Date(Date.parse(granted.occurredAt) - DAY).toISOString()));
    await bed.env.sleep('1 hour');
    assert.equal((await handle.describe()).status.name, 'RUNNING');
    await handle.signal(journeyEventSignal, confirmation(customerId, granted.occurredAt));
    const result = await handle.result();
    assert.deepEqual([result.outcome, result.outcome === 'exited' && result.reason], ['exited', 'confirmed']);
    assert.deepEqual(
      mocks.sendsOf(customerId).map((send) => send.step),
      ['confirmation-request'],
    );
  });

  it('leaves at once, sending nothing, when the grant is not pending (a country without double opt-in)', async () => {
    const customerId = subscriber({ consent: ['email'], pending: [] });
    const result = await (await subscribe(customerId)).handle.result();
    assert.deepEqual([result.outcome, result.outcome === 'exited' && result.reason], ['exited', 'not-pending']);
    assert.deepEqual(mocks.sendsOf(customerId), []);
  });

  it('starts on email marketing grants only, one run per grant, with no holdout', () => {
    const customerId = uniqueId('c');
    const email = customerEvent(customerId, 'Consent Granted', { channel: 'email', purpose: 'marketing' });
    const sms = customerEvent(customerId, 'Consent Granted', { channel: 'sms', purpose: 'marketing' });
    const transactional = customerEvent(customerId, 'Consent Granted', { channel: 'email', purpose: 'transactional' });
    assert.deepEqual(
      [email, sms, transactional].map((event) => confirmSubscription.trigger.matches?.(event as never)),
      [true, false, false],
    );
    assert.equal(confirmSubscription.trigger.key(email as never), email.eventId);
    assert.equal(confirmSubscription.holdout, undefined, 'no holdout: an unsent confirmation is a subscription lost');
  });
});
