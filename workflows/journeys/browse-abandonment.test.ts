/**
 * Browse abandonment on the time-skipping test server with in-memory activities: one email
 * 4 hours after the second view, listing the products; adding to the cart first ends it; a
 * customer in a cart journey is not entered; once per 7 days; the holdout recorded, not sent.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { customerWorkflowId, getCustomerStateQuery, journeyEventSignal } from '../../schemas/names.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { customerEvent, uniqueId } from '../../test/support/fixtures.ts';
import { createMockActivities, type MockCustomer } from '../../test/support/mock-activities.ts';
import { startWorkflowTestbed, type WorkflowTestbed } from '../../test/support/workflow-testbed.ts';
import { assignArm } from '../lib/assignment.ts';
import { browseAbandonment } from './browse-abandonment.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const customers: Record<string, MockCustomer> = {};
const mocks = createMockActivities(customers);
let bed: WorkflowTestbed;

before(async () => (bed = await startWorkflowTestbed('browse-abandonment-unit', () => mocks.activities)));
after(() => bed?.stop());

const teapot = { productId: 'teapot-1', name: 'Cast-iron teapot', url: 'https://shop.example/teapot-1', views: 3 };
const cups = { productId: 'cups-2', name: 'Tea cups', views: 2 };

function browser(holdout = false, customer: Partial<MockCustomer> = {}): string {
  for (;;) {
    const customerId = uniqueId('browser');
    if (assignArm(customerId, browseAbandonment.id, browseAbandonment).holdout !== holdout) continue;
    customers[customerId] = { consent: ['email'], viewed: [teapot, cups], ...customer };
    return customerId;
  }
}

const entered = (customerId: string) => customerEvent(customerId, 'Segment Entered', { segment_id: 'browse-abandoners' });
const start = (customerId: string) => bed.startJourney(browseAbandonment, customerId, uniqueId('entry'), entered(customerId));
const exitOf = (result: Awaited<ReturnType<Awaited<ReturnType<typeof start>>['result']>>) => ({
  outcome: result.outcome,
  reason: result.outcome === 'exited' ? result.reason : undefined,
});

async function stateOf(customerId: string) {
  return bed.env.client.workflow.getHandle(customerWorkflowId(customerId)).query(getCustomerStateQuery);
}

describe('browse abandonment (in-memory activities)', () => {
  it('emails 4 hours after the second view, listing what they viewed, with no discount', async () => {
    const customerId = browser();
    const startedAt = await bed.env.currentTimeMs();
    const result = await (await start(customerId)).result();
    assert.deepEqual(exitOf(result), { outcome: 'completed', reason: undefined });
    const [sent, ...more] = mocks.sendsOf(customerId);
    assert.deepEqual(more, []);
    assert.deepEqual(
      [sent?.template, sent?.status, sent?.products, sent?.coupon],
      ['browse-abandonment', 'sent', ['teapot-1', 'cups-2'], undefined],
    );
    assert.ok(Math.abs(sent!.at - startedAt - 4 * HOUR) < MINUTE, `sent ${(sent!.at - startedAt) / HOUR} h in`);
  });

  it('ends without a message when the customer adds to the cart first', async () => {
    const customerId = browser();
    const handle = await start(customerId);
    await bed.env.sleep('2 hours');
    await handle.signal(journeyEventSignal, customerEvent(customerId, 'Product Added', { product_id: 'teapot-1' }));
    assert.deepEqual(exitOf(await handle.result()), { outcome: 'exited', reason: 'added-to-cart' });
    assert.deepEqual(mocks.sendsOf(customerId), []);
  });

  it('leaves when nothing was viewed twice by the time of the email', async () => {
    const customerId = browser(false, { viewed: [{ productId: 'teapot-1', views: 1 }] });
    assert.deepEqual(exitOf(await (await start(customerId)).result()), { outcome: 'exited', reason: 'nothing-viewed-twice' });
    assert.deepEqual(mocks.sendsOf(customerId), []);
  });

  it('records the holdout’s email without sending it', async () => {
    const customerId = browser(true);
    await (await start(customerId)).result();
    assert.deepEqual(
      mocks.sendsOf(customerId).map((send) => [send.step, send.status]),
      [['browse-reminder', 'skipped']],
    );
  });

  it('leaves a customer in a cart journey to it, and enters a customer once per 7 days', async () => {
    const shopper = browser();
    await bed.signalCustomer(shopper, [customerEvent(shopper, 'Checkout Started', { cart_id: uniqueId('cart') }), entered(shopper)]);
    await waitFor(async () => ((await stateOf(shopper)).eventsApplied === 2 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'both taken in',
    });
    assert.deepEqual(
      (await stateOf(shopper)).activeJourneys.map((journey) => journey.journeyId),
      ['cart-abandonment'],
    );

    const customerId = browser();
    await bed.signalCustomer(customerId, [entered(customerId)]);
    await bed.env.sleep('3 days');
    await bed.signalCustomer(customerId, [entered(customerId)]);
    await bed.env.sleep('5 days');
    await bed.signalCustomer(customerId, [entered(customerId)]);
    await waitFor(async () => ((await stateOf(customerId)).eventsApplied === 3 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'three entries',
    });
    await bed.env.sleep('5 hours');
    assert.equal((await stateOf(customerId)).journeyEntries['browse-abandonment']?.count, 2, 'day 0 and day 8, not day 3');
    assert.equal(mocks.sendsOf(customerId).length, 2);
  });
});
