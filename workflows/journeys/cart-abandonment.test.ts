/**
 * The cart-abandonment timeline on the time-skipping test server with in-memory activities
 * (the unit tier: no database, Kafka or sinks). The same journey with the real activities
 * is in cart-abandonment.int.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { journeyEventSignal } from '../../schemas/names.ts';
import { customerEvent, uniqueId } from '../../test/support/fixtures.ts';
import { createMockActivities, type MockCustomer } from '../../test/support/mock-activities.ts';
import { startWorkflowTestbed, type WorkflowTestbed } from '../../test/support/workflow-testbed.ts';
import { assignArm } from '../lib/assignment.ts';
import { triggerKeyOf } from '../lib/journey-descriptor.ts';
import { cartAbandonment } from './cart-abandonment.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const customers: Record<string, MockCustomer> = {};
const mocks = createMockActivities(customers);
let bed: WorkflowTestbed;

before(async () => (bed = await startWorkflowTestbed('cart-abandonment-unit', () => mocks.activities)));
after(() => bed?.stop());

function shopper(customer: MockCustomer, arm?: 'discount' | 'no-discount') {
  for (;;) {
    const customerId = uniqueId('shopper');
    if (arm && assignArm(customerId, cartAbandonment.id, cartAbandonment).variant !== arm) continue;
    customers[customerId] = customer;
    return customerId;
  }
}

function startCart(customerId: string, value = { amount: 80_00, currency: 'EUR' }) {
  const cartId = uniqueId('cart');
  const checkout = customerEvent(customerId, 'Checkout Started', { cart_id: cartId, value });
  return bed.startJourney(cartAbandonment, customerId, cartId, checkout);
}

describe('cart abandonment timeline (in-memory activities)', () => {
  it('emails reminders 30 minutes, 24 hours and 3 days after the checkout started', async () => {
    const customerId = shopper({ consent: ['email'] });
    const startedAt = await bed.env.currentTimeMs();
    const result = await (await startCart(customerId)).result();
    assert.equal(result.outcome, 'completed');
    assert.deepEqual(
      result.sends.map((send) => [send.step, send.channel, send.status]),
      [
        ['reminder-1', 'email', 'sent'],
        ['reminder-2', 'email', 'sent'],
        ['reminder-3', 'email', 'sent'],
      ],
    );
    assert.deepEqual(
      mocks.entries.filter((entry) => entry.customerId === customerId).map((entry) => ('outcome' in entry ? entry.outcome : 'entered')),
      ['entered', 'completed'],
    );
    const offsets = mocks.sendsOf(customerId).map((send) => send.at - startedAt);
    [30 * MINUTE, 24 * HOUR, 72 * HOUR].forEach((expected, i) =>
      assert.ok(Math.abs(offsets[i]! - expected) < MINUTE, `send ${i + 1} at ${offsets[i]} ms, expected ${expected} ms`),
    );
  });

  it('ends at once on the order for this cart, mid-wait, and cancels a postcard still inside its window', async () => {
    const customerId = shopper({ consent: ['email', 'direct_mail'] });
    const handle = await startCart(customerId, { amount: 420_00, currency: 'USD' });
    await bed.env.sleep('30 hours');
    const cartId = handle.workflowId.split('/').pop()!;
    await handle.signal(journeyEventSignal, customerEvent(customerId, 'Order Completed', { order_id: uniqueId('order'), cart_id: cartId }));
    const result = await handle.result();
    assert.deepEqual(
      { outcome: result.outcome, reason: result.outcome === 'exited' && result.reason },
      { outcome: 'exited', reason: 'converted' },
    );
    assert.deepEqual(
      result.sends.map((send) => [send.step, send.status]),
      [
        ['reminder-1', 'sent'],
        ['reminder-2', 'sent'],
        ['postcard', 'sent'],
        ['postcard', 'cancelled'],
      ],
    );
    // The journey reports count this entry and its exit from what it published.
    const arm = assignArm(customerId, cartAbandonment.id, cartAbandonment);
    assert.deepEqual(
      mocks.entries
        .filter((entry) => entry.workflowId === handle.workflowId)
        .map((entry) => ('outcome' in entry ? [entry.outcome, entry.reason] : ['entered', entry.holdout, entry.variant])),
      [
        ['entered', arm.holdout, arm.variant],
        ['exited', 'converted'],
      ],
    );
  });

  it("follows a checkout shaped as Segment's spec (an order id, no cart or value) and ends on that order", async () => {
    const customerId = shopper({ consent: ['email'] });
    const orderId = uniqueId('order');
    const handle = await bed.startJourney(
      cartAbandonment,
      customerId,
      orderId,
      customerEvent(customerId, 'Checkout Started', { order_id: orderId }),
    );
    await bed.env.sleep('2 hours');
    await handle.signal(journeyEventSignal, customerEvent(customerId, 'Order Completed', { order_id: uniqueId('other-order') }));
    await handle.signal(journeyEventSignal, customerEvent(customerId, 'Order Completed', { order_id: orderId }));
    const result = await handle.result();
    assert.deepEqual(
      { outcome: result.outcome, reason: result.outcome === 'exited' && result.reason },
      { outcome: 'exited', reason: 'converted' },
    );
    assert.deepEqual(
      result.sends.map((send) => send.step),
      ['reminder-1'],
    );
    assert.equal(triggerKeyOf(cartAbandonment, customerEvent(customerId, 'Checkout Started', { order_id: orderId })), orderId);
  });

  it('an order for another cart does not end the reminders for this one', async () => {
    const customerId = shopper({ consent: ['email'] });
    const handle = await startCart(customerId);
    await bed.env.sleep('1 hour');
    await handle.signal(
      journeyEventSignal,
      customerEvent(customerId, 'Order Completed', { order_id: uniqueId('order'), cart_id: 'another-cart' }),
    );
    const result = await handle.result();
    assert.equal(result.outcome, 'completed');
    assert.equal(result.sends.length, 3);
  });

  it("offers a code in the third reminder to the 'discount' arm only, and records each cart's arm", async () => {
    const thirdOf = async (customerId: string) => {
      await (await startCart(customerId)).result();
      const third = mocks.sendsOf(customerId)[2];
      return [third?.template, third?.coupon];
    };
    const treated = shopper({ consent: ['email'] }, 'discount');
    assert.deepEqual(await thirdOf(treated), ['cart-reminder-3-coupon', 'CODE-cart-comeback-reminder-3-coupon']);
    const control = shopper({ consent: ['email'] }, 'no-discount');
    assert.deepEqual(await thirdOf(control), ['cart-reminder-3', undefined]);
    const recorded = mocks.assignments.filter((assignment) => [treated, control].includes(assignment.customerId));
    assert.deepEqual(
      recorded.map((assignment) => [assignment.customerId, assignment.experimentId, assignment.variant]),
      [
        [treated, 'cart-reminder-3-discount', 'discount'],
        [control, 'cart-reminder-3-discount', 'no-discount'],
      ],
    );
  });

  it('offers no code to a customer who abandoned before and then ordered with a discount, even in the discount arm', async () => {
    const customerId = shopper({ consent: ['email'], abandonedForDiscount: true }, 'discount');
    await (await startCart(customerId)).result();
    const third = mocks.sendsOf(customerId)[2];
    assert.deepEqual([third?.step, third?.template, third?.coupon], ['reminder-3', 'cart-reminder-3', undefined]);
  });

  it('texts the first reminder to a customer who allows texts but not email', async () => {
    const customerId = shopper({ consent: ['sms'] });
    const result = await (await startCart(customerId)).result();
    assert.deepEqual(
      result.sends.map((send) => [send.step, send.channel, send.status === 'skipped' ? send.reason : send.status]),
      [
        ['reminder-1', 'sms', 'sent'],
        ['reminder-2', 'email', 'no-consent'],
        ['reminder-3', 'email', 'no-consent'],
      ],
    );
    assert.equal(mocks.sendsOf(customerId)[0]?.template, 'cart-reminder-sms');
  });
});
