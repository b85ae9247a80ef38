/**
 * The review request on the time-skipping test server with in-memory activities (the unit
 * tier). With the real activities and the customer workflow's cooldown: review-request.int.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { journeyEventSignal } from '../../schemas/names.ts';
import { customerEvent, uniqueId } from '../../test/support/fixtures.ts';
import { createMockActivities, type MockCustomer } from '../../test/support/mock-activities.ts';
import { startWorkflowTestbed, type WorkflowTestbed } from '../../test/support/workflow-testbed.ts';
import { reviewRequest } from './review-request.ts';

const DAY = 86_400_000;
const customers: Record<string, MockCustomer> = {};
const mocks = createMockActivities(customers);
let bed: WorkflowTestbed;

before(async () => (bed = await startWorkflowTestbed('review-request-unit', () => mocks.activities)));
after(() => bed?.stop());

function deliveredTo(customer: MockCustomer) {
  const customerId = uniqueId('reviewer');
  customers[customerId] = customer;
  const orderId = uniqueId('order');
  return {
    customerId,
    start: () => bed.startJourney(reviewRequest, customerId, orderId, customerEvent(customerId, 'Order Delivered', { order_id: orderId })),
  };
}

describe('review request timeline (in-memory activities)', () => {
  it("asks five days after delivery at 18:30 in the customer's zone, by email when push is not allowed", async () => {
    const { customerId, start } = deliveredTo({ consent: ['email'], timeZone: 'America/New_York' });
    const startedAt = await bed.env.currentTimeMs();
    const result = await (await start()).result();
    assert.deepEqual(
      result.sends.map((send) => [send.channel, send.status]),
      [['email', 'sent']],
    );
    const [asked] = mocks.sendsOf(customerId);
    const newYork = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'America/New_York',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    assert.equal(newYork.format(new Date(asked!.at)), '18:30');
    assert.ok(asked!.at - startedAt >= 5 * DAY && asked!.at - startedAt < 6 * DAY, `asked ${asked!.at - startedAt} ms after delivery`);
  });

  it('asks by push a customer who allows push and has a subscribed browser', async () => {
    const { customerId, start } = deliveredTo({ consent: ['email', 'push'], reachableOn: ['email', 'push'] });
    await (await start()).result();
    assert.deepEqual(
      mocks.sendsOf(customerId).map((send) => [send.channel, send.template]),
      [['push', 'review-request-push']],
    );
  });

  it('asks by email a customer who allows push but has no subscribed browser', async () => {
    const { customerId, start } = deliveredTo({ consent: ['email', 'push'], reachableOn: ['email'] });
    await (await start()).result();
    assert.deepEqual(
      mocks.sendsOf(customerId).map((send) => send.channel),
      ['email'],
    );
  });

  it('ends without asking when the customer reviews first', async () => {
    const { customerId, start } = deliveredTo({ consent: ['email'] });
    const handle = await start();
    await bed.env.sleep('2 days');
    await handle.signal(
      journeyEventSignal,
      customerEvent(customerId, 'Product Reviewed', { product_id: 'p-1', review_id: uniqueId('review'), rating: 5 }),
    );
    const result = await handle.result();
    assert.deepEqual(
      { outcome: result.outcome, reason: result.outcome === 'exited' && result.reason, sends: result.sends.length },
      { outcome: 'exited', reason: 'reviewed', sends: 0 },
    );
  });
});
