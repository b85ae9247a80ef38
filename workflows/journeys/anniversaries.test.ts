/**
 * Sign-up and first-order anniversaries on the time-skipping test server with in-memory
 * activities: 09:00 local on the date the customer's calendar showed, every year, with a
 * unique code; a customer who ordered before the journey shipped dated by their first order.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { localDateOf } from '../../services/platform/local-time.ts';
import { customerEvent, uniqueId } from '../../test/support/fixtures.ts';
import { createMockActivities, type MockCustomer } from '../../test/support/mock-activities.ts';
import { startWorkflowTestbed, type WorkflowTestbed } from '../../test/support/workflow-testbed.ts';
import { assignArm } from '../lib/assignment.ts';
import type { AnyJourney } from '../lib/journey-descriptor.ts';
import { firstOrderAnniversary, signupAnniversary } from './anniversaries.ts';

const DAY = 86_400_000;
const ZONE = 'Asia/Tokyo';
const customers: Record<string, MockCustomer> = {};
const mocks = createMockActivities(customers);
let bed: WorkflowTestbed;

before(async () => (bed = await startWorkflowTestbed('anniversaries-unit', () => mocks.activities)));
after(() => bed?.stop());

function customerOf(journey: AnyJourney, customer: Omit<MockCustomer, 'consent'> = {}): string {
  for (;;) {
    const customerId = uniqueId('loyal');
    if (assignArm(customerId, journey.id, journey).holdout) continue;
    customers[customerId] = { consent: ['email'], timeZone: ZONE, ...customer };
    return customerId;
  }
}

/** Each send's local date and time in the customer's zone, with its step and code. */
const localSends = (customerId: string) =>
  mocks.sendsOf(customerId).map((send) => {
    const { year, month, day } = localDateOf(new Date(send.at), ZONE);
    const time = new Date(send.at + 9 * 3_600_000).toISOString().slice(11, 16); // Tokyo is UTC+9 all year
    return [send.step, `${year}-${month}-${day} ${time}`, send.coupon];
  });

describe('anniversaries (in-memory activities)', () => {
  it('celebrates the sign-up on its date in the customer’s zone, at 09:00, every year', async () => {
    const customerId = customerOf(signupAnniversary);
    // 23:30 UTC is already the next day in Tokyo: the anniversary is that day.
    const now = await bed.env.currentTimeMs();
    const signedUpAt = new Date(Math.floor(now / DAY) * DAY - DAY / 48);
    const signup = { ...customerEvent(customerId, 'Signed Up', {}), occurredAt: signedUpAt.toISOString() };
    const handle = await bed.startJourney(signupAnniversary, customerId, 'account', signup);
    await bed.env.sleep(`${2 * 366} days`);
    const { year, month, day } = localDateOf(signedUpAt, ZONE);
    assert.deepEqual(localSends(customerId), [
      [`signup-anniversary-${year + 1}`, `${year + 1}-${month}-${day} 09:00`, `CODE-anniversary-signup-anniversary-coupon-${year + 1}`],
      [`signup-anniversary-${year + 2}`, `${year + 2}-${month}-${day} 09:00`, `CODE-anniversary-signup-anniversary-coupon-${year + 2}`],
    ]);
    await handle.terminate();
  });

  it('dates the first-order anniversary by the first order, also for a customer who ordered before', async () => {
    const now = await bed.env.currentTimeMs();
    const firstAt = new Date(now - 300 * DAY);
    const customerId = customerOf(firstOrderAnniversary, { orders: { count: 3, spent: [], firstAt: firstAt.toISOString() } });
    const order = customerEvent(customerId, 'Order Completed', { order_id: uniqueId('order') });
    const handle = await bed.startJourney(firstOrderAnniversary, customerId, 'first-order', order);
    await bed.env.sleep('70 days');
    const { year, month, day } = localDateOf(firstAt, ZONE);
    assert.deepEqual(
      localSends(customerId).map(([step, when]) => [step, when]),
      [[`first-order-anniversary-${year + 1}`, `${year + 1}-${month}-${day} 09:00`]],
    );
    await handle.terminate();
  });
});
