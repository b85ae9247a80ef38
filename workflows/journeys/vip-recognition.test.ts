/**
 * VIP recognition on the time-skipping test server with in-memory activities: started by
 * the customer workflow on `Segment Entered` for `high-value` only, branching on the
 * customer's value, and ended by leaving the segment. On the real stack, from orders to the
 * email: test/e2e/segments.e2e.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CustomerValueFacts } from '../../schemas/customer-value.ts';
import { customerWorkflowId, getCustomerStateQuery, journeyEventSignal, journeyWorkflowId } from '../../schemas/names.ts';
import { customerEvent, uniqueId } from '../../test/support/fixtures.ts';
import { createMockActivities, type MockCustomer } from '../../test/support/mock-activities.ts';
import { startWorkflowTestbed, type WorkflowTestbed } from '../../test/support/workflow-testbed.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { assignArm } from '../lib/assignment.ts';
import { vipRecognition, type vipRecognitionWorkflow } from './vip-recognition.ts';

const customers: Record<string, MockCustomer> = {};
const mocks = createMockActivities(customers);
let bed: WorkflowTestbed;

before(async () => (bed = await startWorkflowTestbed('vip-unit', () => mocks.activities)));
after(() => bed?.stop());

const value = (group: NonNullable<CustomerValueFacts['rfm']>['group']): CustomerValueFacts => ({
  orders: 9,
  netRevenue: { amount: 3_600_00, currency: 'EUR' },
  rfm: { cell: '555', group, bottom20: false },
  purchaseLatencyDays: 30,
  probabilityAlive: 0.9,
  predictedValue: { amount: 2_400_00, currency: 'EUR' },
  potentialValue: { amount: 3_000_00, currency: 'EUR' },
});

/** A customer the journey does not hold out (assignment is a function of the id). */
function vip(customer: MockCustomer): string {
  for (;;) {
    const customerId = uniqueId('vip');
    if (assignArm(customerId, vipRecognition.id, vipRecognition).holdout) continue;
    customers[customerId] = customer;
    return customerId;
  }
}

const entered = (customerId: string, segmentId: string) => customerEvent(customerId, 'Segment Entered', { segment_id: segmentId });

describe('VIP recognition (in-memory activities)', () => {
  it('starts on entering high-value, not on another segment, and thanks a champion at 10:00 their time', async () => {
    const customerId = vip({ consent: ['email'], timeZone: 'Europe/Paris', value: value('champions') });
    await bed.signalCustomer(customerId, [entered(customerId, 'repeat-buyers'), entered(customerId, 'high-value')]);
    const journey = bed.env.client.workflow.getHandle<typeof vipRecognitionWorkflow>(
      journeyWorkflowId(vipRecognition.id, customerId, 'entry-1'),
    );
    const result = await waitFor(() => journey.result().catch(() => undefined), {
      timeoutMs: 60_000,
      what: 'the VIP journey',
    });
    assert.equal(result.outcome, 'completed');
    const customer = bed.env.client.workflow.getHandle(customerWorkflowId(customerId));
    const { journeyEntries } = await customer.query(getCustomerStateQuery);
    assert.deepEqual(Object.keys(journeyEntries), ['vip-recognition'], 'repeat-buyers starts nothing');
    const [sent] = mocks.sendsOf(customerId);
    assert.equal(sent?.template, 'vip-thank-you');
    const paris = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    assert.equal(paris.format(new Date(sent.at)), '10:00');
  });

  it('tells a VIP whose buying is slipping that they are missed', async () => {
    const customerId = vip({ consent: ['email'], value: value('cant-lose') });
    const handle = await bed.startJourney(vipRecognition, customerId, 'entry-1', entered(customerId, 'high-value'));
    await handle.result();
    assert.deepEqual(
      mocks.sendsOf(customerId).map((send) => send.template),
      ['vip-we-miss-you'],
    );
  });

  it('ends without a word when the customer leaves high-value before the send', async () => {
    const customerId = vip({ consent: ['email'], value: value('champions') });
    const handle = await bed.startJourney(vipRecognition, customerId, 'entry-1', entered(customerId, 'high-value'));
    await handle.signal(journeyEventSignal, customerEvent(customerId, 'Segment Exited', { segment_id: 'repeat-buyers' }));
    await handle.signal(journeyEventSignal, customerEvent(customerId, 'Segment Exited', { segment_id: 'high-value' }));
    const result = await handle.result();
    assert.deepEqual(
      { outcome: result.outcome, reason: result.outcome === 'exited' && result.reason, sends: mocks.sendsOf(customerId).length },
      { outcome: 'exited', reason: 'left-segment', sends: 0 },
    );
  });
});
