/**
 * A journey tells the customer workflow that it ended, also when the customer workflow has
 * continued as new since it started the journey (and so no longer watches it), on Temporal's
 * time-skipping test server with the real activities. In a file of its own: after a child
 * has signalled a parent that continued as new, this test server no longer skips time, so
 * later tests sharing the server would wait in real time.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { customerEventsSignal, getCustomerStateQuery, journeyWorkflowId } from '../schemas/names.ts';
import { waitFor } from '../services/platform/wait-for.ts';
import { createShopper, customerEvent } from '../test/support/fixtures.ts';
import { config, startJourneyTestbed, type JourneyTestbed } from '../test/support/journey-testbed.ts';
import { EVENTS_PER_RUN } from './customer.ts';
import type { JourneyResult } from '../schemas/journey.ts';

let bed: JourneyTestbed;
before(async () => (bed = await startJourneyTestbed('journey-end-test', { ...config.sendPolicy, quietHours: null })));
after(() => bed?.stop());

describe('journey end', () => {
  it('the customer workflow learns that the journey ended, also after it continued as new in the meantime', async () => {
    const shopper = await createShopper(bed.db, { consent: true });
    const customer = await bed.signalCustomer(shopper.customerId, [
      customerEvent(shopper.customerId, 'Checkout Started', { cart_id: 'cart-9', value: { amount: 8000, currency: 'EUR' } }),
    ]);
    const firstRun = (await customer.describe()).runId;
    // Enough events for the customer workflow to continue as new while the journey runs.
    for (let batch = 0; batch < EVENTS_PER_RUN / 100; batch += 1) {
      await customer.signal(
        customerEventsSignal,
        Array.from({ length: 100 }, () => customerEvent(shopper.customerId, 'Identify', {})),
      );
    }
    await waitFor(async () => ((await customer.describe()).runId !== firstRun ? true : undefined), {
      timeoutMs: 30_000,
      what: 'a new run of the customer workflow',
    });
    assert.equal((await customer.query(getCustomerStateQuery)).activeJourneys.length, 1, 'the journey is carried over as active');

    const journey = bed.env.client.workflow.getHandle(journeyWorkflowId('cart-abandonment', shopper.customerId, 'cart-9'));
    assert.equal(((await journey.result()) as JourneyResult).outcome, 'completed');
    const state = await waitFor(
      async () => {
        const current = await customer.query(getCustomerStateQuery);
        return current.activeJourneys.length === 0 ? current : undefined;
      },
      { timeoutMs: 15_000, what: 'the journey gone from the active list' },
    );
    assert.equal(state.journeyEntries['cart-abandonment']?.count, 1);
  });
});
