/**
 * Win-back on the time-skipping test server with in-memory activities: the timeline at 1×,
 * 1.5× and 2× the customer's purchase latency, measured from the order; the next order and
 * the bottom 20% ending it; the postcard only for customers worth it; an old order passed
 * over; the holdout recorded, not sent.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CustomerValueFacts } from '../../schemas/customer-value.ts';
import { journeyEventSignal } from '../../schemas/names.ts';
import { customerEvent, uniqueId } from '../../test/support/fixtures.ts';
import { createMockActivities, type MockCustomer } from '../../test/support/mock-activities.ts';
import { startWorkflowTestbed, type WorkflowTestbed } from '../../test/support/workflow-testbed.ts';
import { assignArm } from '../lib/assignment.ts';
import { winBack } from './win-back.ts';

const DAY = 86_400_000;
const customers: Record<string, MockCustomer> = {};
const mocks = createMockActivities(customers);
let bed: WorkflowTestbed;

before(async () => (bed = await startWorkflowTestbed('win-back-unit', () => mocks.activities)));
after(() => bed?.stop());

const value = (latencyDays: number, predicted: number): CustomerValueFacts => ({
  orders: 3,
  netRevenue: { amount: 240_00, currency: 'EUR' },
  rfm: { cell: '333', group: 'need-attention', bottom20: false },
  purchaseLatencyDays: latencyDays,
  probabilityAlive: 0.7,
  predictedValue: { amount: predicted, currency: 'EUR' },
  potentialValue: { amount: predicted * 2, currency: 'EUR' },
});

function customerIn(holdout: boolean, customer: MockCustomer): string {
  for (;;) {
    const customerId = uniqueId('lapsing');
    if (assignArm(customerId, winBack.id, winBack).holdout !== holdout) continue;
    customers[customerId] = customer;
    return customerId;
  }
}

async function ordered(customerId: string, daysAgo = 0) {
  const orderId = uniqueId('order');
  const now = await bed.env.currentTimeMs();
  const order = {
    ...customerEvent(customerId, 'Order Completed', { order_id: orderId, products: [{ product_id: 'p1', category: 'Tea' }] }),
    occurredAt: new Date(now - daysAgo * DAY).toISOString(),
  };
  return { orderId, startedAt: now, handle: await bed.startJourney(winBack, customerId, orderId, order) };
}

const paris = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

describe('win-back timeline (in-memory activities)', () => {
  it('emails at 1× latency, offers a coupon at 1.5×, mails a postcard at 2× to a customer worth it, each at 10:00 their time', async () => {
    const customerId = customerIn(false, { consent: ['email', 'direct_mail'], timeZone: 'Europe/Paris', value: value(30, 300_00) });
    const { startedAt, handle } = await ordered(customerId);
    const result = await handle.result();
    assert.equal(result.outcome, 'completed');
    const sends = mocks.sendsOf(customerId);
    assert.deepEqual(
      sends.map((send) => [send.channel, send.template, send.coupon ?? null]),
      [
        ['email', 'winback-1', null],
        ['email', 'winback-2-offer', 'CODE-win-back-winback-2-coupon'],
        ['direct_mail', 'winback-postcard', 'CODE-win-back-winback-2-coupon'],
      ],
    );
    for (const [send, days] of sends.map((send, i) => [send, [30, 45, 60][i]!] as const)) {
      const after = (send.at - startedAt) / DAY;
      assert.ok(after >= days && after < days + 1, `${send.template} ${after.toFixed(2)} days after the order`);
      assert.equal(paris.format(new Date(send.at)), '10:00', send.template);
    }
  });

  it('sends no postcard to a customer whose predicted value does not pay for it', async () => {
    const customerId = customerIn(false, { consent: ['email', 'direct_mail'], value: value(20, 30_00) });
    await (await ordered(customerId)).handle.result();
    assert.deepEqual(
      mocks.sendsOf(customerId).map((send) => send.template),
      ['winback-1', 'winback-2-offer'],
    );
  });

  it('ends at the next order, mid-wait', async () => {
    const customerId = customerIn(false, { consent: ['email'], value: value(30, 300_00) });
    const { orderId, handle } = await ordered(customerId);
    await bed.env.sleep('35 days');
    await handle.signal(journeyEventSignal, customerEvent(customerId, 'Order Completed', { order_id: orderId }));
    await handle.signal(journeyEventSignal, customerEvent(customerId, 'Order Completed', { order_id: uniqueId('order') }));
    const result = await handle.result();
    assert.deepEqual(
      { outcome: result.outcome, reason: result.outcome === 'exited' && result.reason },
      { outcome: 'exited', reason: 'ordered-again' },
    );
    assert.deepEqual(
      mocks.sendsOf(customerId).map((send) => send.template),
      ['winback-1'],
      'its own order (repeated) does not end it; the next one does',
    );
  });

  it('does not take in the bottom 20%, and lets go of a customer who falls into it', async () => {
    const bottom = customerIn(false, { consent: ['email'], value: value(30, 10_00), segments: ['rfm-bottom-20'] });
    const kept = await (await ordered(bottom)).handle.result();
    assert.deepEqual(
      { outcome: kept.outcome, reason: kept.outcome === 'exited' && kept.reason },
      { outcome: 'exited', reason: 'bottom-20' },
    );

    const falling = customerIn(false, { consent: ['email'], value: value(30, 300_00) });
    const { handle } = await ordered(falling);
    await bed.env.sleep('40 days');
    await handle.signal(journeyEventSignal, customerEvent(falling, 'Segment Entered', { segment_id: 'rfm-bottom-20' }));
    const result = await handle.result();
    assert.equal(result.outcome === 'exited' && result.reason, 'fell-into-bottom-20');
    assert.equal(mocks.sendsOf(bottom).length + mocks.sendsOf(falling).length, 1, 'only the first email, before the fall');
  });

  it('times an old order from when it was placed, passing over the steps long overdue', async () => {
    const imported = customerIn(false, { consent: ['email', 'direct_mail'], value: value(30, 300_00) });
    const { startedAt, handle } = await ordered(imported, 50);
    await handle.result();
    const sends = mocks.sendsOf(imported);
    assert.deepEqual(
      sends.map((send) => send.template),
      ['winback-postcard'],
      'day 30 and 45 are past; day 60 is 10 days away',
    );
    const after = (sends[0]!.at - startedAt) / DAY;
    // Day 60 falls 10 days on; then the next 10:00 of their day, which may be up to a day later.
    assert.ok(after >= 10 && after < 11.01, `${after.toFixed(3)} days after the import (day 60, at the next 10:00)`);

    const longGone = customerIn(false, { consent: ['email', 'direct_mail'], value: value(30, 300_00) });
    const result = await (await ordered(longGone, 200)).handle.result();
    assert.equal(result.outcome, 'completed');
    assert.equal(mocks.sendsOf(longGone).length, 0);
  });

  it('records the holdout’s steps without sending them', async () => {
    const customerId = customerIn(true, { consent: ['email', 'direct_mail'], value: value(30, 300_00) });
    const result = await (await ordered(customerId)).handle.result();
    assert.deepEqual(
      result.sends.map((send) => [send.step, send.status === 'skipped' && send.reason]),
      [
        ['winback-1', 'holdout'],
        ['winback-2', 'holdout'],
        ['winback-postcard', 'holdout'],
      ],
    );
  });
});
