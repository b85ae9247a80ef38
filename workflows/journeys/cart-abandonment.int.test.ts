/**
 * The cart-abandonment journey on Temporal's time-skipping test server, with the real send
 * activity (consent from PostgreSQL, email over SMTP to the sink): the real durations of
 * 30 minutes, 24 hours and 3 days pass in moments.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  customerEventsSignal,
  customerWorkflowId,
  customerWorkflowType,
  journeyEventSignal,
  journeyWorkflowId,
  searchAttributes,
} from '../../schemas/names.ts';
import { setJourneyState } from '../../services/platform/db/journey-controls.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { createShopper, customerEvent, project } from '../../test/support/fixtures.ts';
import { config, startJourneyTestbed, type JourneyTestbed } from '../../test/support/journey-testbed.ts';
import type { JourneyResult } from '../../schemas/journey.ts';
import type { cartAbandonmentWorkflow } from './cart-abandonment.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let bed: JourneyTestbed;
// Quiet hours would make these timings depend on the hour the tests run at; send-timing.test.ts covers them.
before(async () => (bed = await startJourneyTestbed('cart-abandonment-test', { ...config.sendPolicy, quietHours: null })));
after(() => bed?.stop());

describe('cart abandonment journey', () => {
  it('sends the reminders 30 minutes, 24 hours and 3 days after the checkout started', async () => {
    const shopper = await createShopper(bed.db, { consent: true });
    const startedAt = await bed.env.currentTimeMs();
    const handle = await bed.startCartAbandonment(shopper.customerId, 'cart-1');
    const result: JourneyResult = await handle.result();

    assert.equal(result.outcome, 'completed');
    assert.deepEqual(
      result.sends.map((send) => [send.step, send.status]),
      [
        ['reminder-1', 'sent'],
        ['reminder-2', 'sent'],
        ['reminder-3', 'sent'],
      ],
    );
    const offsets = (bed.sendTimes.get(shopper.customerId) ?? []).map((at) => at - startedAt);
    const expected = [30 * MINUTE, 24 * HOUR, 72 * HOUR];
    assert.equal(offsets.length, 3);
    offsets.forEach((offset, i) =>
      assert.ok(Math.abs(offset - expected[i]!) < MINUTE, `send ${i + 1} at ${offset} ms, expected ${expected[i]} ms`),
    );
    const received = await bed.inbox.to(shopper.email);
    // The third reminder's 'discount' arm adds to its subject when the pool has codes (one left from a history recording, say).
    const subjects = received.map((email) => email.subject.replace(', with something from us', ''));
    assert.deepEqual(subjects.sort(), [
      'Did something go wrong at checkout?',
      'Last reminder about your cart',
      'Your cart is still waiting',
    ]);
  });

  it('exits at once when the order completes in the middle of the 24-hour wait', async () => {
    const shopper = await createShopper(bed.db, { consent: true });
    const cartId = 'cart-2';
    const checkout = customerEvent(shopper.customerId, 'Checkout Started', { cart_id: cartId, value: { amount: 8000, currency: 'EUR' } });
    const customer = await bed.env.client.workflow.signalWithStart(customerWorkflowType, {
      taskQueue: bed.taskQueue,
      workflowId: customerWorkflowId(shopper.customerId),
      args: [{ customerId: shopper.customerId }],
      signal: customerEventsSignal,
      signalArgs: [[checkout]],
    });
    await bed.env.sleep('2 hours');
    const orderedAt = await bed.env.currentTimeMs();
    await customer.signal(customerEventsSignal, [
      customerEvent(shopper.customerId, 'Order Completed', { order_id: 'o-1', cart_id: cartId }),
    ]);

    const journey = bed.env.client.workflow.getHandle<typeof cartAbandonmentWorkflow>(
      journeyWorkflowId('cart-abandonment', shopper.customerId, cartId),
    );
    const result: JourneyResult = await journey.result();
    const endedAfterOrder = (await bed.env.currentTimeMs()) - orderedAt;

    assert.equal(result.outcome, 'exited');
    assert.equal(result.outcome === 'exited' && result.reason, 'converted');
    assert.deepEqual(
      result.sends.map((send) => send.step),
      ['reminder-1'],
    );
    assert.ok(endedAfterOrder < HOUR, `journey ended ${endedAfterOrder} ms after the order, not at once`);
    assert.equal((await bed.inbox.to(shopper.email)).length, 1);
    const described = await journey.describe();
    assert.deepEqual(described.typedSearchAttributes.get(searchAttributes.journeyStep), 'exited:converted');
  });

  it('a high-value cart also gets a postcard after the second reminder; the order, inside its cancellation window, cancels it', async () => {
    const shopper = await createShopper(bed.db, { consent: true, channels: ['email', 'direct_mail'], withAddress: true });
    const handle = await bed.startCartAbandonment(shopper.customerId, 'cart-7', { amount: 420_00, currency: 'USD' });
    await bed.env.sleep('30 hours');
    await handle.signal(journeyEventSignal, customerEvent(shopper.customerId, 'Order Completed', { order_id: 'o-7', cart_id: 'cart-7' }));
    const result: JourneyResult = await handle.result();

    assert.equal(result.outcome === 'exited' && result.reason, 'converted');
    assert.deepEqual(
      result.sends.map((send) => [send.step, send.status]),
      [
        ['reminder-1', 'sent'],
        ['reminder-2', 'sent'],
        ['postcard', 'sent'],
        ['postcard', 'cancelled'],
      ],
    );
    assert.equal((await bed.sink.received('lob', shopper.mailName)).length, 1);
    const { rows } = await bed.db.query(
      `select status, cost_minor::int as cost from messages where customer_id = $1 and channel = 'direct_mail'`,
      [shopper.customerId],
    );
    assert.deepEqual(rows, [{ status: 'cancelled', cost: 87 }]);
    // On direct mail's own task queue, where Lob's send rate is held.
    assert.deepEqual([...bed.mailQueues], [`${bed.taskQueue}.send.direct_mail`]);
  });

  it('an order for another cart does not end the reminders for this one', async () => {
    const shopper = await createShopper(bed.db, { consent: true });
    const handle = await bed.startCartAbandonment(shopper.customerId, 'cart-3');
    await bed.env.sleep('1 hour');
    await handle.signal(
      journeyEventSignal,
      customerEvent(shopper.customerId, 'Order Completed', { order_id: 'o-2', cart_id: 'other-cart' }),
    );
    const result: JourneyResult = await handle.result();
    assert.equal(result.outcome, 'completed');
    assert.equal(result.sends.length, 3);
  });

  it('sends nothing to a customer who never gave email consent, and records each skip', async () => {
    const shopper = await createShopper(bed.db, { consent: false });
    const result: JourneyResult = await (await bed.startCartAbandonment(shopper.customerId, 'cart-4')).result();
    assert.deepEqual(
      result.sends.map((send) => send.status === 'skipped' && send.reason),
      ['no-consent', 'no-consent', 'no-consent'],
    );
    assert.equal((await bed.inbox.to(shopper.email)).length, 0);
  });

  it('texts the first reminder to a customer who allows texts but not email', async () => {
    const shopper = await createShopper(bed.db, { consent: true, channels: ['sms'] });
    const result: JourneyResult = await (await bed.startCartAbandonment(shopper.customerId, 'cart-8')).result();
    assert.deepEqual(
      result.sends.map((send) => [send.step, send.channel, send.status === 'skipped' ? send.reason : send.status]),
      [
        ['reminder-1', 'sms', 'sent'],
        ['reminder-2', 'email', 'no-consent'],
        ['reminder-3', 'email', 'no-consent'],
      ],
    );
    const [text, ...more] = await bed.sink.received('twilio', shopper.phone);
    assert.equal(more.length, 0);
    assert.match((text?.content as { body: string }).body, /Reply STOP to opt out\.$/);
  });

  it('checks consent at each send: a revocation after the first reminder stops the later ones', async () => {
    const shopper = await createShopper(bed.db, { consent: true });
    const handle = await bed.startCartAbandonment(shopper.customerId, 'cart-5');
    await bed.env.sleep('1 hour');
    await project(
      bed.db,
      customerEvent(shopper.customerId, 'Consent Revoked', { channel: 'email', purpose: 'marketing', source: 'unsubscribe-link' }),
    );
    const result: JourneyResult = await handle.result();
    assert.deepEqual(
      result.sends.map((send) => send.status),
      ['sent', 'skipped', 'skipped'],
    );
    assert.equal((await bed.inbox.to(shopper.email)).length, 1);
  });

  it('kill switch: a paused journey holds its send until resumed, and a stopped one exits at its next send', async () => {
    const shopper = await createShopper(bed.db, { consent: true });
    await setJourneyState(bed.db, 'cart-abandonment', 'paused');
    try {
      const handle = await bed.startCartAbandonment(shopper.customerId, 'cart-6');
      await bed.env.sleep('3 hours');
      assert.equal((await bed.inbox.to(shopper.email)).length, 0, 'nothing sent while paused');

      await setJourneyState(bed.db, 'cart-abandonment', 'active');
      await bed.env.sleep('10 minutes');
      await waitFor(async () => ((await bed.inbox.to(shopper.email)).length === 1 ? true : undefined), {
        timeoutMs: 15_000,
        what: 'the held reminder after resume',
      });

      await setJourneyState(bed.db, 'cart-abandonment', 'stopped');
      const result: JourneyResult = await handle.result();
      assert.deepEqual(
        { outcome: result.outcome, reason: result.outcome === 'exited' && result.reason },
        { outcome: 'exited', reason: 'stopped-by-operator' },
      );
      assert.deepEqual(
        result.sends.map((send) => [send.step, send.status === 'skipped' ? send.reason : send.status]),
        [
          ['reminder-1', 'sent'],
          ['reminder-2', 'journey-stopped'],
        ],
      );
      assert.equal((await bed.inbox.to(shopper.email)).length, 1);
    } finally {
      await setJourneyState(bed.db, 'cart-abandonment', 'active');
    }
  });
});
