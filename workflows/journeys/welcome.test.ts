/**
 * The welcome series on the time-skipping test server with in-memory activities (the unit
 * tier). With the real activities, PostgreSQL and the SMTP sink: welcome.int.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { journeyEventSignal } from '../../schemas/names.ts';
import { customerEvent, uniqueId } from '../../test/support/fixtures.ts';
import { createMockActivities, type MockCustomer } from '../../test/support/mock-activities.ts';
import { startWorkflowTestbed, type WorkflowTestbed } from '../../test/support/workflow-testbed.ts';
import { assignArm, type Arm } from '../lib/assignment.ts';
import { welcome } from './welcome.ts';

const customers: Record<string, MockCustomer> = {};
const mocks = createMockActivities(customers);
let bed: WorkflowTestbed;

before(async () => (bed = await startWorkflowTestbed('welcome-unit', () => mocks.activities)));
after(() => bed?.stop());

/** A new customer whom the welcome journey assigns to this arm (assignment is a function of the id). */
function newcomerIn(wanted: (arm: Arm) => boolean, customer: MockCustomer = { consent: ['email'] }): string {
  for (;;) {
    const customerId = uniqueId('newcomer');
    if (!wanted(assignArm(customerId, welcome.id, welcome))) continue;
    customers[customerId] = customer;
    return customerId;
  }
}

async function signUp(customerId: string) {
  const handle = await bed.startJourney(welcome, customerId, 'once', customerEvent(customerId, 'Signed Up', { method: 'email' }));
  return handle.result();
}

describe('welcome timeline (in-memory activities)', () => {
  it('holds out a customer: the whole timeline runs, every step is recorded as skipped, and the assignment is recorded', async () => {
    const customerId = newcomerIn((arm) => arm.holdout);
    const result = await signUp(customerId);
    assert.deepEqual(
      result.sends.map((send) => [send.step, send.status === 'skipped' && send.reason]),
      [
        ['welcome-1', 'holdout'],
        ['welcome-2', 'holdout'],
        ['welcome-3', 'holdout'],
      ],
    );
    assert.deepEqual(
      mocks.assignments
        .filter((assignment) => assignment.customerId === customerId)
        .map(({ holdout, variant, experimentId }) => ({ holdout, variant, experimentId })),
      [{ holdout: true, variant: null, experimentId: 'welcome-2-content' }],
    );
  });

  it('sends each treated customer the second email of their variant, and a coupon of their own in the third', async () => {
    for (const variant of ['brand-story', 'bestsellers']) {
      const customerId = newcomerIn((arm) => arm.variant === variant);
      const result = await signUp(customerId);
      assert.deepEqual(result.arm, { holdout: false, variant });
      assert.deepEqual(
        mocks.sendsOf(customerId).map((send) => [send.template, send.coupon ?? null]),
        [
          ['welcome-1', null],
          [`welcome-2-${variant}`, null],
          ['welcome-3-coupon', 'CODE-welcome-first-order-welcome-3-coupon'],
          ['welcome-4-code-expiring', 'CODE-welcome-first-order-welcome-3-coupon'],
        ],
      );
    }
  });

  it("sends the second email at 10:00 in the customer's own time zone, two days in", async () => {
    const customerId = newcomerIn((arm) => !arm.holdout, { consent: ['email'], timeZone: 'Asia/Tokyo' });
    const startedAt = await bed.env.currentTimeMs();
    await signUp(customerId);
    const second = mocks.sendsOf(customerId)[1]!;
    const tokyo = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    assert.equal(tokyo.format(new Date(second.at)), '10:00');
    const afterStart = second.at - startedAt;
    assert.ok(afterStart >= 2 * 86_400_000 && afterStart < 3 * 86_400_000, `second email ${afterStart} ms after the sign-up`);
  });

  it('ends when the customer redeems the welcome code, before the order event arrives', async () => {
    const customerId = newcomerIn((arm) => !arm.holdout);
    const handle = await bed.startJourney(welcome, customerId, 'once', customerEvent(customerId, 'Signed Up', { method: 'email' }));
    await bed.env.sleep('6 days');
    const code = mocks.sendsOf(customerId).at(-1)?.coupon;
    assert.equal(code, 'CODE-welcome-first-order-welcome-3-coupon');
    await handle.signal(
      journeyEventSignal,
      customerEvent(customerId, 'Coupon Redeemed', { coupon_name: code, order_id: uniqueId('order') }),
    );
    const result = await handle.result();
    assert.deepEqual(
      { outcome: result.outcome, reason: result.outcome === 'exited' && result.reason },
      { outcome: 'exited', reason: 'coupon-redeemed' },
    );
    assert.equal(mocks.sendsOf(customerId).length, 3, 'no reminder of a code already used');
  });

  it('reminds a customer of their unused code 3 days before it expires', async () => {
    const customerId = newcomerIn((arm) => !arm.holdout);
    const startedAt = await bed.env.currentTimeMs();
    await signUp(customerId);
    const [, , offer, reminder] = mocks.sendsOf(customerId);
    // The mock pool's codes are valid 30 days from the offer on day 5.
    const expected = offer!.at + 27 * 86_400_000;
    assert.equal(reminder?.template, 'welcome-4-code-expiring');
    assert.ok(Math.abs(reminder.at - expected) < 60_000, `reminder ${(reminder.at - startedAt) / 86_400_000} days after the sign-up`);
  });
});
