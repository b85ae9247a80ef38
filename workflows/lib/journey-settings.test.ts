/**
 * What a shop sets per journey, as journeys read it when a customer enters (time-skipping
 * server, in-memory activities): a disabled journey takes nobody in, parameters move its
 * timeline, and customers already in keep the numbers they entered with.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { customerEvent, uniqueId } from '../../test/support/fixtures.ts';
import { createMockActivities, type MockCustomer } from '../../test/support/mock-activities.ts';
import { startWorkflowTestbed, type WorkflowTestbed } from '../../test/support/workflow-testbed.ts';
import { cartAbandonment } from '../journeys/cart-abandonment.ts';
import { welcome } from '../journeys/welcome.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const customers: Record<string, MockCustomer> = {};
const mocks = createMockActivities(customers);
let bed: WorkflowTestbed;

before(async () => (bed = await startWorkflowTestbed('journey-settings-unit', () => mocks.activities)));
after(() => bed?.stop());
afterEach(() => {
  mocks.setJourney(cartAbandonment.id, { enabled: true, parameters: {} });
  mocks.setJourney(welcome.id, { enabled: true, parameters: {} });
});

function shopper(): string {
  const customerId = uniqueId('shopper');
  customers[customerId] = { consent: ['email'] };
  return customerId;
}

function startCart(customerId: string) {
  const cartId = uniqueId('cart');
  return bed.startJourney(cartAbandonment, customerId, cartId, customerEvent(customerId, 'Checkout Started', { cart_id: cartId }));
}

describe('journey settings', () => {
  it('a disabled journey takes nobody in: no assignment, no message', async () => {
    mocks.setJourney(welcome.id, { enabled: false, parameters: {} });
    const customerId = shopper();
    const result = await (await bed.startJourney(welcome, customerId, 'once', customerEvent(customerId, 'Signed Up', {}))).result();
    assert.deepEqual(
      { outcome: result.outcome, reason: result.outcome === 'exited' && result.reason },
      { outcome: 'exited', reason: 'disabled' },
    );
    assert.deepEqual(mocks.sendsOf(customerId), []);
    assert.equal(mocks.assignments.filter((assignment) => assignment.customerId === customerId).length, 0);

    mocks.setJourney(welcome.id, { enabled: true, parameters: {} });
    const next = shopper();
    await bed.startJourney(welcome, next, 'once', customerEvent(next, 'Signed Up', {}));
    await bed.env.sleep('1 hour');
    assert.equal(mocks.sendsOf(next)[0]?.step, 'welcome-1', 'enabled again: the next sign-up is welcomed');
  });

  it("the shop's timings move the reminders; a customer already in keeps those they entered with", async () => {
    const before = shopper();
    const startedBefore = await bed.env.currentTimeMs();
    const first = await startCart(before);
    await bed.env.sleep('1 minute');
    mocks.setJourney(cartAbandonment.id, {
      enabled: true,
      parameters: { firstReminderAfterMinutes: 45, secondReminderAfterHours: 20, thirdReminderAfterDays: 5 },
    });
    const customerId = shopper();
    const startedAt = await bed.env.currentTimeMs();
    await (await startCart(customerId)).result();
    await first.result();

    const offsets = (id: string, from: number) => mocks.sendsOf(id).map((send) => send.at - from);
    const near = (actual: number[], expected: number[]) =>
      expected.forEach((ms, i) => assert.ok(Math.abs(actual[i]! - ms) < MINUTE, `send ${i + 1} at ${actual[i]} ms, expected ${ms} ms`));
    near(offsets(customerId, startedAt), [45 * MINUTE, 20 * HOUR, 5 * 24 * HOUR]);
    near(offsets(before, startedBefore), [30 * MINUTE, 24 * HOUR, 3 * 24 * HOUR]);
  });

  it('a stored value that no longer fits the parameter falls back to its default', async () => {
    mocks.setJourney(cartAbandonment.id, { enabled: true, parameters: { firstReminderAfterMinutes: 'soon' } });
    const customerId = shopper();
    const startedAt = await bed.env.currentTimeMs();
    const handle = await startCart(customerId);
    await bed.env.sleep('1 hour');
    assert.ok(Math.abs(mocks.sendsOf(customerId)[0]!.at - startedAt - 30 * MINUTE) < MINUTE);
    await handle.terminate();
  });
});
