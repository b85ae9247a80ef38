/**
 * The review request on Temporal's time-skipping test server with the real activities:
 * its timing in the customer's day, the channel chosen from the profile, its exit, and the
 * 30-day cooldown kept by the customer workflow.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { customerEventsSignal, getCustomerStateQuery, journeyEventSignal, journeyWorkflowId } from '../../schemas/names.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { createShopper, customerEvent, project, uniqueId } from '../../test/support/fixtures.ts';
import { config, startJourneyTestbed, type JourneyTestbed } from '../../test/support/journey-testbed.ts';
import type { JourneyResult } from '../../schemas/journey.ts';
import { reviewRequest } from './review-request.ts';

const DAY = 86_400_000;
let bed: JourneyTestbed;
before(async () => (bed = await startJourneyTestbed('review-request-test', { ...config.sendPolicy, quietHours: null })));
after(() => bed?.stop());

const delivered = (customerId: string, orderId: string) => customerEvent(customerId, 'Order Delivered', { order_id: orderId });
/** The result of the journey the customer workflow starts (once it has started it). */
async function journeyResult(customerId: string, key: string): Promise<JourneyResult> {
  const handle = bed.env.client.workflow.getHandle(journeyWorkflowId(reviewRequest.id, customerId, key));
  await waitFor(
    () =>
      handle.describe().then(
        () => true,
        () => undefined,
      ),
    { timeoutMs: 15_000, what: `journey ${key} started` },
  );
  return (await handle.result()) as JourneyResult;
}

describe('review request journey', () => {
  it("asks by email five days after delivery at 18:30 in the customer's zone, and at most once in 30 days", async () => {
    const shopper = await createShopper(bed.db, { consent: true, timeZone: 'America/New_York' });
    const startedAt = await bed.env.currentTimeMs();
    const customer = await bed.signalCustomer(shopper.customerId, [delivered(shopper.customerId, 'o-1')]);
    const first = await journeyResult(shopper.customerId, 'entry-1');
    assert.deepEqual(
      first.sends.map((send) => [send.channel, send.status]),
      [['email', 'sent']],
    );
    const [sentAt] = bed.sendTimes.get(shopper.customerId) ?? [];
    const newYork = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'America/New_York',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    assert.equal(newYork.format(new Date(sentAt!)), '18:30');
    assert.ok(sentAt! - startedAt >= 5 * DAY && sentAt! - startedAt < 6 * DAY, `sent ${sentAt! - startedAt} ms after delivery`);

    // Another delivery a week later: inside the cooldown, no second request.
    await customer.signal(customerEventsSignal, [delivered(shopper.customerId, 'o-2')]);
    await waitFor(async () => ((await customer.query(getCustomerStateQuery)).eventsApplied === 2 ? true : undefined), {
      timeoutMs: 15_000,
      what: 'the second delivery applied',
    });
    assert.equal((await customer.query(getCustomerStateQuery)).journeyEntries['review-request']?.count, 1);

    // A month after the first: a new request.
    await bed.env.sleep('25 days');
    await customer.signal(customerEventsSignal, [delivered(shopper.customerId, 'o-3')]);
    const second = await journeyResult(shopper.customerId, 'entry-2');
    assert.equal(second.sends[0]?.status, 'sent');
    assert.equal((await bed.inbox.to(shopper.email)).filter((email) => email.subject === 'How is your order?').length, 2);
  });

  it('asks by push a customer who allows push and has a browser subscribed', async () => {
    const shopper = await createShopper(bed.db, { consent: true, channels: ['push'] });
    const { id: device, subscription } = await bed.sink.subscribePush();
    await project(bed.db, customerEvent(shopper.customerId, 'Push Subscription Registered', subscription));
    const handle = await bed.startJourney(reviewRequest, shopper.customerId, 'entry-1', delivered(shopper.customerId, 'o-4'));
    const result = await handle.result();
    assert.deepEqual(
      result.sends.map((send) => [send.channel, send.status]),
      [['push', 'sent']],
    );
    const [push] = await bed.sink.received('web-push', device);
    const { clickToken, clickReportUrl, trackedUrl, ...notification } = push?.content as Record<string, string>;
    assert.deepEqual(notification, {
      title: 'How is your order?',
      body: 'Tell other customers what you think: it takes two minutes.',
      url: '/orders/o-4/review',
    });
    assert.ok(clickToken && clickReportUrl && trackedUrl, 'the click is reported with the tracked link');
  });

  it('ends without asking when the customer reviews first', async () => {
    const shopper = await createShopper(bed.db, { consent: true });
    const handle = await bed.startJourney(reviewRequest, shopper.customerId, 'entry-1', delivered(shopper.customerId, 'o-5'));
    await bed.env.sleep('2 days');
    await handle.signal(
      journeyEventSignal,
      customerEvent(shopper.customerId, 'Product Reviewed', { product_id: 'p-1', review_id: uniqueId('review'), rating: 5 }),
    );
    const result = await handle.result();
    assert.deepEqual(
      { outcome: result.outcome, reason: result.outcome === 'exited' && result.reason, sends: result.sends.length },
      { outcome: 'exited', reason: 'reviewed', sends: 0 },
    );
  });
});
