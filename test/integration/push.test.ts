/**
 * Web Push through the send gate, on the real PostgreSQL, Kafka, ingest API and projector,
 * to the provider sink's push service (which checks VAPID, decrypts like a browser, and
 * can let a subscription expire or turn a push away).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { findMessage, idempotencyKeyOf } from '../../services/platform/db/message-ledger.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { productOnTheStack } from '../support/product-on-the-stack.ts';
import { customerEvent, uniqueId } from '../support/fixtures.ts';
import { shopperThroughTheLog } from '../support/pipeline.ts';

const { config, deps, ingestUrl } = productOnTheStack('push-test', { INGEST_PORT: '18086' }, ['ingest', 'projector']);

/** A shopper who allowed push on `devices` browsers, all registered through the log. */
async function pushShopper(devices: number) {
  const subscriptions = await Promise.all(Array.from({ length: devices }, () => deps.sink.subscribePush()));
  const events = subscriptions.map(({ subscription }) => ({ event: 'Push Subscription Registered', properties: subscription }));
  const shopper = await shopperThroughTheLog(deps.db, ingestUrl(), { consent: 'push', events });
  return { ...shopper, devices: subscriptions.map(({ id }) => id) };
}

function pushStep(customerId: string, step = 'reminder') {
  return {
    customerId,
    journeyId: 'cart-abandonment',
    workflowId: `journey/test/${customerId}/${randomUUID()}`,
    step,
    at: new Date().toISOString(),
    template: 'cart-reminder-push',
    trigger: customerEvent(customerId, 'Checkout Started', { cart_id: uniqueId('cart'), value: { amount: 4200, currency: 'USD' } }),
  };
}

const subscriptionCount = async (customerId: string) =>
  (await deps.db.query<{ n: number }>('select count(*)::int as n from push_subscriptions where customer_id = $1', [customerId])).rows[0]?.n;

describe('push', () => {
  it('reaches every device of the customer, encrypted for each, signed with our VAPID key, with a TTL and a topic', async () => {
    const shopper = await pushShopper(2);
    const request = pushStep(shopper.customerId);
    const outcome = await deps.activities().sendPush(request);
    assert.equal(outcome.status, 'sent');

    for (const device of shopper.devices) {
      const [push, ...more] = await deps.sink.received('web-push', device);
      assert.equal(more.length, 0);
      assert.ok(push);
      const { clickToken, clickReportUrl, trackedUrl, ...notification } = push.content as Record<string, string>;
      assert.deepEqual(notification, { title: 'Your cart is saved', body: 'Test, your cart ($42.00) is waiting for you.', url: '/cart' });
      // What the service worker reports the click with (test/integration/engagement-links.test.ts follows it).
      assert.match(clickToken ?? '', /^[\w-]+\.[\w-]+$/);
      assert.equal(clickReportUrl, `${config.links.baseUrl}/v1/push/clicks`);
      assert.equal(trackedUrl, `${config.links.baseUrl}/c/${clickToken}`);
      assert.equal(push.headers.ttl, String(2 * 24 * 3600));
      assert.match(push.headers.topic ?? '', /^[\w-]{32}$/);
      assert.equal(push.headers.urgency, 'normal');
    }
    const entry = await findMessage(deps.db, idempotencyKeyOf(request.workflowId, request.step));
    assert.equal(entry?.status, 'sent');
    assert.equal(entry.providerMessageId?.split(' ').length, 2);
  });

  it('a subscription the push service no longer knows (410) is removed through the event log; the other device still gets the push', async () => {
    const shopper = await pushShopper(2);
    const [gone, alive] = shopper.devices as [string, string];
    await deps.sink.expirePush(gone);

    assert.equal((await deps.activities().sendPush(pushStep(shopper.customerId, 'first'))).status, 'sent');
    await waitFor(async () => ((await subscriptionCount(shopper.customerId)) === 1 ? true : undefined), {
      timeoutMs: 20_000,
      what: 'the expired subscription removed',
    });
    const { rows } = await deps.db.query<{ payload: { status: number } }>(
      `select payload from events where customer_id = $1 and type = 'Push Subscription Expired'`,
      [shopper.customerId],
    );
    assert.deepEqual(
      rows.map((row) => row.payload.status),
      [410],
    );

    assert.equal((await deps.activities().sendPush(pushStep(shopper.customerId, 'second'))).status, 'sent');
    assert.equal((await deps.sink.received('web-push', alive)).length, 2);
    assert.equal((await deps.sink.received('web-push', gone)).length, 0);
  });

  it('fails the step, recorded, when every subscription is gone; a customer without any is skipped as no-address', async () => {
    const shopper = await pushShopper(1);
    await deps.sink.expirePush(shopper.devices[0]!);
    const request = pushStep(shopper.customerId);
    const outcome = await deps.activities().sendPush(request);
    assert.deepEqual(outcome.status === 'failed' && outcome.reason, 'every push subscription of the customer is gone (1 expired)');
    assert.equal((await findMessage(deps.db, idempotencyKeyOf(request.workflowId, request.step)))?.status, 'failed');

    await waitFor(async () => ((await subscriptionCount(shopper.customerId)) === 0 ? true : undefined), {
      timeoutMs: 20_000,
      what: 'the subscription removed',
    });
    const next = await deps.activities().sendPush(pushStep(shopper.customerId));
    assert.deepEqual(next.status === 'skipped' && next.reason, 'no-address');
  });

  it('a push service that turns the push away (429) got nothing: the reservation is released and the retry sends once', async () => {
    const shopper = await pushShopper(1);
    const device = shopper.devices[0]!;
    await deps.sink.fault({ provider: 'web-push', to: device, mode: 'unavailable', times: 1 });
    const request = pushStep(shopper.customerId);

    await assert.rejects(
      deps.activities().sendPush(request),
      (error) => error instanceof ApplicationFailure && /answered 429/.test(error.message),
    );
    assert.equal(await findMessage(deps.db, idempotencyKeyOf(request.workflowId, request.step)), null);
    assert.equal((await deps.activities().sendPush(request)).status, 'sent');
    assert.equal((await deps.activities().sendPush(request)).status, 'sent'); // a replay: the ledger answers
    assert.equal((await deps.sink.received('web-push', device)).length, 1);
  });

  it('skips the step as channel-off, recorded, where no VAPID keys are configured', async () => {
    const shopper = await pushShopper(1);
    const request = pushStep(shopper.customerId);
    const outcome = await deps.activities({ push: null }).sendPush(request);
    assert.deepEqual(outcome.status === 'skipped' && outcome.reason, 'channel-off');
    assert.equal((await findMessage(deps.db, idempotencyKeyOf(request.workflowId, request.step)))?.reason, 'channel-off');
    assert.equal((await deps.sink.received('web-push', shopper.devices[0]!)).length, 0);
  });
});
