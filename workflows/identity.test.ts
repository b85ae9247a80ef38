/**
 * Identity merges between customer workflows, on the time-skipping test server with
 * in-memory activities: an anonymous visitor's cart journey moves to the customer they log
 * in as, reminds them once, and ends on their order; a merge of an id that is someone
 * else's already moves nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import type { CustomerState } from '../schemas/customer.ts';
import { customerWorkflowId, getCustomerStateQuery, journeyWorkflowId } from '../schemas/names.ts';
import { waitFor } from '../services/platform/wait-for.ts';
import { customerEvent, uniqueId } from '../test/support/fixtures.ts';
import { createMockActivities, type MockCustomer } from '../test/support/mock-activities.ts';
import { startWorkflowTestbed, type WorkflowTestbed } from '../test/support/workflow-testbed.ts';
import type { cartAbandonmentWorkflow } from './journeys/cart-abandonment.ts';

const customers: Record<string, MockCustomer> = {};
const mocks = createMockActivities(customers);
let bed: WorkflowTestbed;

before(async () => (bed = await startWorkflowTestbed('identity-unit', () => mocks.activities)));
after(() => bed?.stop());

const stateOf = (customerId: string) => bed.env.client.workflow.getHandle(customerWorkflowId(customerId)).query(getCustomerStateQuery);

async function until(customerId: string, what: string, holds: (state: CustomerState) => boolean): Promise<CustomerState> {
  return waitFor(
    async () => {
      const state = await stateOf(customerId).catch(() => undefined);
      return state && holds(state) ? state : undefined;
    },
    { timeoutMs: 30_000, what: `${customerId}: ${what}` },
  );
}

/** The merge as the log carries it: the customer gets the event, then the router tells the merged id. */
async function logIn(userId: string, anonymousId: string) {
  await bed.signalCustomer(userId, [
    customerEvent(userId, 'Identify', { email: `${userId}@example.com` }),
    customerEvent(userId, 'Identities Merged', { merged_customer_id: anonymousId }),
  ]);
  mocks.mergeIdentity(anonymousId, userId);
  await bed.signalMergeInto(anonymousId, userId);
}

describe('identity merges', () => {
  it('moves an anonymous cart to the customer who logs in: one reminder to them, ended by the order', async () => {
    const anonymousId = `anonymous:${uniqueId('visitor')}`;
    const userId = uniqueId('user');
    customers[userId] = { consent: ['email'] };
    const cartId = uniqueId('cart');
    const checkout = (customerId: string) => customerEvent(customerId, 'Checkout Started', { cart_id: cartId });

    await bed.signalCustomer(anonymousId, [checkout(anonymousId)]);
    const cartJourneyId = journeyWorkflowId('cart-abandonment', anonymousId, cartId);
    await until(anonymousId, 'cart journey running', (state) => state.activeJourneys.some((j) => j.workflowId === cartJourneyId));

    await logIn(userId, anonymousId);
    const adopted = await until(userId, 'cart journey adopted', (state) =>
      state.activeJourneys.some((j) => j.workflowId === cartJourneyId),
    );
    assert.deepEqual(adopted.mergedFrom, [anonymousId]);
    assert.equal(adopted.lifecycleStage, 'conversion', "the visitor's checkout counts for the customer");
    assert.equal((await stateOf(anonymousId)).mergedInto, userId);

    // The same cart checked out again after login starts nothing new.
    await bed.signalCustomer(userId, [checkout(userId)]);
    await until(userId, 'checkout taken in', (state) => state.eventsApplied === 3);
    assert.deepEqual(
      (await stateOf(userId)).activeJourneys.map((j) => j.workflowId),
      [cartJourneyId],
    );

    await bed.env.sleep('31 minutes');
    // A late event under the visitor's id (another tab) reaches the customer, and the journey.
    await bed.signalCustomer(anonymousId, [
      customerEvent(anonymousId, 'Order Completed', { order_id: uniqueId('order'), cart_id: cartId }),
    ]);
    const journey: WorkflowHandle<typeof cartAbandonmentWorkflow> = bed.env.client.workflow.getHandle(cartJourneyId);
    const result = await journey.result();
    assert.deepEqual(
      { outcome: result.outcome, reason: result.outcome === 'exited' && result.reason },
      { outcome: 'exited', reason: 'converted' },
    );
    assert.deepEqual(
      mocks.sendsOf(userId).map((send) => [send.step, send.status]),
      [['reminder-1', 'sent']],
    );
    // Each journey the order starts is started in turn (asked whether it is switched on first).
    const after = await until(
      userId,
      'cart journey ended and the journeys of the order started',
      (state) => !state.activeJourneys.some((j) => j.workflowId === cartJourneyId) && state.activeJourneys.length === 2,
    );
    assert.deepEqual(
      after.activeJourneys.map((j) => j.journeyId),
      ['win-back', 'first-order-anniversary'],
      "the order started the customer's win-back timer and their first order's anniversary",
    );
    assert.equal(after.eventsApplied, 4);
    await assert.rejects(bed.env.client.workflow.getHandle(journeyWorkflowId('cart-abandonment', userId, cartId)).describe());
  });

  it('cancels an adopted cart journey that the customer already runs under their own id', async () => {
    const anonymousId = `anonymous:${uniqueId('visitor')}`;
    const userId = uniqueId('user');
    const cartId = uniqueId('cart');
    await bed.signalCustomer(anonymousId, [customerEvent(anonymousId, 'Checkout Started', { cart_id: cartId })]);
    await bed.signalCustomer(userId, [customerEvent(userId, 'Checkout Started', { cart_id: cartId })]);
    const theirs = journeyWorkflowId('cart-abandonment', anonymousId, cartId);
    const ours = journeyWorkflowId('cart-abandonment', userId, cartId);
    await until(anonymousId, 'cart journey running', (state) => state.activeJourneys.length === 1);
    await until(userId, 'cart journey running', (state) => state.activeJourneys.length === 1);

    await logIn(userId, anonymousId);
    const merged = await until(userId, 'merged', (state) => (state.mergedFrom ?? []).includes(anonymousId));
    assert.deepEqual(
      merged.activeJourneys.map((j) => j.workflowId),
      [ours],
    );
    const cancelled = await waitFor(
      async () => {
        const { status } = await bed.env.client.workflow.getHandle(theirs).describe();
        return status.name === 'CANCELLED' ? status.name : undefined;
      },
      { timeoutMs: 30_000, what: 'adopted duplicate cancelled' },
    );
    assert.equal(cancelled, 'CANCELLED');
  });

  it('merges an id once: a second customer claiming it (a shared device) gets nothing, and goes on', async () => {
    const anonymousId = `anonymous:${uniqueId('visitor')}`;
    const first = uniqueId('user');
    const second = uniqueId('user');
    await bed.signalCustomer(anonymousId, [customerEvent(anonymousId, 'Checkout Started', { cart_id: uniqueId('cart') })]);
    await until(anonymousId, 'cart journey running', (state) => state.activeJourneys.length === 1);

    await logIn(first, anonymousId);
    await until(first, 'merged', (state) => state.activeJourneys.length === 1);
    await logIn(second, anonymousId);
    // The second customer's events after the merge are still applied (it did not wait out the handover).
    await bed.signalCustomer(second, [customerEvent(second, 'Checkout Started', { cart_id: uniqueId('cart') })]);
    const secondState = await until(second, 'own checkout applied', (state) => state.activeJourneys.length === 1);
    assert.deepEqual(secondState.mergedFrom ?? [], []);
    assert.equal((await stateOf(anonymousId)).mergedInto, first);
    assert.equal((await stateOf(first)).activeJourneys.length, 1);
  });
});
