/**
 * The new-customer bonus on the time-skipping test server with in-memory activities: the
 * postcard with a code from the pool two days after a first order of 100 or more; which
 * orders start it (the threshold in each currency's minor units); a customer with earlier
 * orders let go; a cancelled or refunded order, or a second order, ending it and cancelling
 * a piece still inside its window; the holdout recorded.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { JourneyResult } from '../../schemas/journey.ts';
import { journeyEventSignal } from '../../schemas/names.ts';
import { customerEvent, uniqueId } from '../../test/support/fixtures.ts';
import { createMockActivities, type MockCustomer } from '../../test/support/mock-activities.ts';
import { startWorkflowTestbed, type WorkflowTestbed } from '../../test/support/workflow-testbed.ts';
import { assignArm } from '../lib/assignment.ts';
import { exitRuleFor, startsJourney } from '../lib/journey-descriptor.ts';
import { NEW_CUSTOMER_BONUS_POOL, newCustomerBonus } from './new-customer-bonus.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
const customers: Record<string, MockCustomer> = {};
const mocks = createMockActivities(customers);
let bed: WorkflowTestbed;

before(async () => (bed = await startWorkflowTestbed('new-customer-bonus-unit', () => mocks.activities)));
after(() => bed?.stop());

/** A customer on this side of the holdout, whose profile counts `orders` (the first one included). */
function buyer(holdout: boolean, orders = 1, consent: MockCustomer['consent'] = ['email', 'direct_mail']): string {
  for (;;) {
    const customerId = uniqueId('buyer');
    if (assignArm(customerId, newCustomerBonus.id, newCustomerBonus).holdout !== holdout) continue;
    customers[customerId] = { consent, orders: { count: orders, spent: [{ amount: 120_00 * orders, currency: 'EUR' }], firstAt: null } };
    return customerId;
  }
}

const order = (customerId: string, amount: number, currency = 'EUR', orderId = uniqueId('order')) =>
  customerEvent(customerId, 'Order Completed', { order_id: orderId, total: { amount, currency } });

async function firstOrder(customerId: string, amount = 120_00) {
  const placed = order(customerId, amount);
  const startedAt = await bed.env.currentTimeMs();
  return {
    orderId: placed.payload.order_id as string,
    startedAt,
    handle: await bed.startJourney(newCustomerBonus, customerId, 'once', placed),
  };
}

const exitOf = (result: JourneyResult) => ({ outcome: result.outcome, reason: result.outcome === 'exited' && result.reason });

describe('new-customer bonus (in-memory activities)', () => {
  it('mails the bonus postcard with a code from the pool two days after a first order of 100 or more, then watches its window', async () => {
    const customerId = buyer(false);
    const { startedAt, handle } = await firstOrder(customerId);
    const result = await handle.result();
    assert.equal(result.outcome, 'completed');
    const sends = mocks.sendsOf(customerId);
    assert.deepEqual(
      sends.map((send) => [send.channel, send.template, send.status, send.coupon]),
      [['direct_mail', 'new-customer-bonus-postcard', 'sent', `CODE-${NEW_CUSTOMER_BONUS_POOL}-bonus-coupon`]],
    );
    const mailedAfter = sends[0]!.at - startedAt;
    assert.ok(mailedAfter >= 2 * DAY && mailedAfter < 2 * DAY + MINUTE, `${mailedAfter} ms after the order`);
    const endedAfter = (await bed.env.currentTimeMs()) - startedAt;
    assert.ok(endedAfter >= 3 * DAY, `still there through the cancellation window (${endedAfter} ms)`);
  });

  it('starts on an order of 100 or more in its own currency, not on a smaller one or one without a total', () => {
    const starts = (amount: number, currency: string) => startsJourney(newCustomerBonus, order('someone', amount, currency));
    assert.deepEqual(
      [starts(100_00, 'EUR'), starts(99_99, 'EUR'), starts(100, 'JPY'), starts(99, 'JPY'), starts(100_000, 'BHD'), starts(99_999, 'BHD')],
      [true, false, true, false, true, false],
      'two minor-unit digits for EUR, none for JPY, three for BHD',
    );
    assert.equal(startsJourney(newCustomerBonus, customerEvent('someone', 'Order Completed', { order_id: 'o-1' })), false);
  });

  it('lets go of a customer whose qualifying order was not their first', async () => {
    const customerId = buyer(false, 3);
    const result = await (await firstOrder(customerId)).handle.result();
    assert.deepEqual(exitOf(result), { outcome: 'exited', reason: 'not-first-order' });
    assert.equal(mocks.sendsOf(customerId).length, 0);
  });

  it('ends before mailing when the order is cancelled in the first two days', async () => {
    const customerId = buyer(false);
    const { orderId, handle } = await firstOrder(customerId);
    await bed.env.sleep('1 day');
    await handle.signal(journeyEventSignal, customerEvent(customerId, 'Order Cancelled', { order_id: uniqueId('other') }));
    await handle.signal(journeyEventSignal, customerEvent(customerId, 'Order Cancelled', { order_id: orderId }));
    assert.deepEqual(exitOf(await handle.result()), { outcome: 'exited', reason: 'order-cancelled' });
    assert.equal(mocks.sendsOf(customerId).length, 0, 'another order cancelled does not end it; this one does');
  });

  it('cancels the mailed piece when the order is refunded inside its cancellation window', async () => {
    const customerId = buyer(false);
    const { orderId, handle } = await firstOrder(customerId);
    await bed.env.sleep('54 hours');
    await handle.signal(journeyEventSignal, customerEvent(customerId, 'Order Refunded', { order_id: orderId }));
    const result = await handle.result();
    assert.deepEqual(exitOf(result), { outcome: 'exited', reason: 'order-refunded' });
    assert.deepEqual(
      result.sends.map((send) => [send.step, send.status]),
      [
        ['bonus-postcard', 'sent'],
        ['bonus-postcard', 'cancelled'],
      ],
    );
  });

  it('ends on a refund that leaves the order under 100, not on a smaller one', () => {
    const placed = order('someone', 150_00);
    const refund = (amount: number) =>
      exitRuleFor(
        newCustomerBonus,
        placed,
        customerEvent('someone', 'Order Refunded', { order_id: placed.payload.order_id, total: { amount, currency: 'EUR' } }),
      )?.reason;
    assert.deepEqual([refund(50_00), refund(50_01)], [undefined, 'order-refunded']);
  });

  it('ends when the customer orders again before the postcard is mailed', async () => {
    const customerId = buyer(false);
    const { handle } = await firstOrder(customerId);
    await bed.env.sleep('1 day');
    await handle.signal(journeyEventSignal, order(customerId, 30_00));
    assert.deepEqual(exitOf(await handle.result()), { outcome: 'exited', reason: 'ordered-again' });
    assert.equal(mocks.sendsOf(customerId).length, 0);
  });

  it('records the holdout’s postcard without mailing it or drawing a code', async () => {
    const customerId = buyer(true);
    const result = await (await firstOrder(customerId)).handle.result();
    assert.deepEqual(
      result.sends.map((send) => [send.step, send.status === 'skipped' && send.reason]),
      [['bonus-postcard', 'holdout']],
    );
    assert.equal(mocks.sendsOf(customerId)[0]?.coupon, undefined);
  });
});
