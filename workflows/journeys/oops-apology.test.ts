/**
 * The oops apology on the time-skipping test server with in-memory activities: one apology
 * by email (by text for a texted customer we cannot email), once per broken step through
 * the customer workflow, however often the request comes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Channel } from '../../schemas/primitives.ts';
import { customerWorkflowId, getCustomerStateQuery } from '../../schemas/names.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { customerEvent, uniqueId } from '../../test/support/fixtures.ts';
import { createMockActivities, type MockCustomer } from '../../test/support/mock-activities.ts';
import { startWorkflowTestbed, type WorkflowTestbed } from '../../test/support/workflow-testbed.ts';
import { oopsApology } from './oops-apology.ts';

const customers: Record<string, MockCustomer> = {};
const mocks = createMockActivities(customers);
let bed: WorkflowTestbed;

before(async () => (bed = await startWorkflowTestbed('oops-apology-unit', () => mocks.activities)));
after(() => bed?.stop());

function recipient(customer: MockCustomer = { consent: ['email', 'sms'] }): string {
  const customerId = uniqueId('recipient');
  customers[customerId] = customer;
  return customerId;
}

const request = (customerId: string, journeyId: string, step: string, channel: Channel = 'email') =>
  customerEvent(customerId, 'Apology Requested', { journey_id: journeyId, step, channel });

async function apologise(customerId: string, channel: Channel) {
  const trigger = request(customerId, 'cart-abandonment', 'reminder-1', channel);
  await (await bed.startJourney(oopsApology, customerId, 'cart-abandonment:reminder-1', trigger)).result();
  return mocks.sendsOf(customerId).map((send) => [send.channel, send.template, send.status]);
}

describe('oops apology (in-memory activities)', () => {
  it('apologises by email, whatever channel the broken message went out on', async () => {
    for (const channel of ['email', 'sms', 'push', 'direct_mail'] as const) {
      assert.deepEqual(await apologise(recipient(), channel), [['email', 'oops-apology', 'sent']], channel);
    }
  });

  it('apologises by text to a texted customer we may not email, and leaves the gate to refuse the others', async () => {
    assert.deepEqual(await apologise(recipient({ consent: ['sms'] }), 'sms'), [['sms', 'oops-apology-sms', 'sent']]);
    assert.deepEqual(await apologise(recipient({ consent: ['email', 'sms'], reachableOn: ['sms'] }), 'sms'), [
      ['sms', 'oops-apology-sms', 'sent'],
    ]);
    // An emailed customer who revoked consent since hears nothing more: the gate says no.
    assert.deepEqual(await apologise(recipient({ consent: ['sms'] }), 'email'), [['email', 'oops-apology', 'skipped']]);
  });

  it('apologises once per broken step, however often the request comes', async () => {
    const customerId = recipient();
    const first = request(customerId, 'welcome', 'welcome-2');
    // The command run twice writes the same event id (dropped as a repeat); a request under a
    // new id for the same step starts nothing either; another step is another apology.
    await bed.signalCustomer(customerId, [first, first, { ...first, eventId: uniqueId('again') }]);
    await bed.signalCustomer(customerId, [request(customerId, 'welcome', 'welcome-2'), request(customerId, 'welcome', 'welcome-3')]);
    const customer = bed.env.client.workflow.getHandle(customerWorkflowId(customerId));
    await waitFor(
      async () => ((await customer.query(getCustomerStateQuery)).journeyEntries['oops-apology']?.count === 2 ? true : undefined),
      { timeoutMs: 30_000, what: 'two broken steps taken in' },
    );
    await waitFor(() => Promise.resolve(mocks.sendsOf(customerId).length === 2 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'two apologies',
    });
    await bed.env.sleep('1 day');
    assert.deepEqual(
      mocks.sendsOf(customerId).map((send) => [send.template, send.status]),
      [
        ['oops-apology', 'sent'],
        ['oops-apology', 'sent'],
      ],
    );
  });
});
