/**
 * The cart-abandonment story as a shop lives it, against a running product: a known
 * customer who allows email checks out, gets the first reminder, and orders; the order ends
 * the journey and nothing more is sent. The end-to-end tests run it on the local stack and
 * on Kafka over SASL_SSL.
 */
import assert from 'node:assert/strict';
import type { Client } from '@temporalio/client';
import type { JourneyResult } from '../../schemas/journey.ts';
import { journeyWorkflowId } from '../../schemas/names.ts';
import type { MailSinkClient } from '../../services/cli/demo/mail-sink-client.ts';
import { expectAccepted, type SegmentClient } from '../../services/cli/demo/segment-client.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import type { cartAbandonmentWorkflow } from '../../workflows/journeys/cart-abandonment.ts';
import { uniqueId } from './fixtures.ts';

export async function abandonCartThenOrder(deps: { shop: SegmentClient; inbox: MailSinkClient; temporal: Client }, idPrefix: string) {
  const { shop, inbox, temporal } = deps;
  const customerId = uniqueId(idPrefix);
  const email = `${customerId}@example.com`;
  const cartId = uniqueId('cart');
  await expectAccepted(shop.identify({ userId: customerId, traits: { email, timezone: 'America/New_York' } }));
  await expectAccepted(
    shop.track({ userId: customerId, event: 'Consent Granted', properties: { channel: 'email', purpose: 'marketing' } }),
  );
  await expectAccepted(
    shop.track({ userId: customerId, event: 'Checkout Started', properties: { cart_id: cartId, value: 42.5, currency: 'USD' } }),
  );

  const [first] = await waitFor(async () => ((await inbox.to(email)).length > 0 ? inbox.to(email) : undefined), {
    timeoutMs: 60_000,
    what: 'the first reminder',
  });
  assert.equal(first?.subject, 'Did something go wrong at checkout?');
  assert.match(first?.text ?? '', /\$42\.50/);
  assert.equal(first?.headers['x-journey-step'], 'reminder-1');

  const orderId = uniqueId('order');
  await expectAccepted(
    shop.track({ userId: customerId, event: 'Order Completed', properties: { order_id: orderId, cart_id: cartId, total: 42.5 } }),
  );
  const journey = temporal.workflow.getHandle<typeof cartAbandonmentWorkflow>(journeyWorkflowId('cart-abandonment', customerId, cartId));
  const result: JourneyResult = await journey.result();
  assert.deepEqual(
    { outcome: result.outcome, reason: result.outcome === 'exited' ? result.reason : undefined },
    { outcome: 'exited', reason: 'converted' },
  );
  assert.deepEqual(
    (await inbox.to(email)).map((received) => received.subject),
    ['Did something go wrong at checkout?'],
  );
  return { customerId, cartId, orderId };
}
