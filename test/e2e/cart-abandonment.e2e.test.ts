/**
 * End to end on the real stack (Kafka, Temporal dev server, PostgreSQL, SMTP sink, all
 * started by infra/stack.sh): events posted over HTTP as a shop's backend would lead to
 * the reminder in the inbox, and nothing after the order. Journey time runs 3600x faster.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { journeyWorkflowId } from '../../schemas/names.ts';
import type { cartAbandonmentWorkflow } from '../../workflows/journeys/cart-abandonment.ts';
import { createSegmentClient, expectAccepted } from '../../services/cli/demo/segment-client.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import type { JourneyResult } from '../../schemas/journey.ts';
import { abandonCartThenOrder } from '../support/cart-scenario.ts';
import { uniqueId } from '../support/fixtures.ts';
import { productOnTheStack } from '../support/product-on-the-stack.ts';

const { deps, shop, temporal, ingestUrl } = productOnTheStack('cart-abandonment-e2e', {
  JOURNEY_TIME_SCALE: String(1 / 3600),
  INGEST_PORT: '18080',
});
const { inbox } = deps;

describe('cart abandonment on the real stack', () => {
  it('emails the first reminder after checkout, ends the journey on the order, and sends nothing more', async () => {
    const { customerId, cartId, orderId } = await abandonCartThenOrder({ shop: shop(), inbox, temporal: temporal() }, 'e2e');

    // Operators find the customer's workflows by search attribute, as in the Web UI: the
    // customer's own, and one per journey their events started (the keys of some are event
    // ids, so the journeys are named by their ids' journey part).
    const started = [
      'awareness-catalog', // the subscription (no postal address: it sends nothing)
      'cart-abandonment',
      'confirm-subscription', // the subscription (not in a double opt-in country: it leaves)
      'first-order-anniversary', // the order
      'loyalty-points-expiry', // the order's points (the loyalty program's Loyalty Points Earned), expiring in 12 months
      're-permission', // the subscription's lapse, 24 months on
      'win-back', // the order
    ];
    const found = await waitFor(
      async () => {
        const ids: string[] = [];
        for await (const execution of temporal().workflow.list({ query: `CustomerId="${customerId}"` })) ids.push(execution.workflowId);
        return ids.length === started.length + 1 ? ids.sort() : undefined;
      },
      { timeoutMs: 30_000, what: "the customer's workflows in the visibility store" },
    );
    assert.deepEqual(
      found.map((id) => (id.startsWith('journey/') ? id.split('/')[1] : id)).sort(),
      [...started, `customer/${customerId}`].sort(),
    );
    assert.ok(found.includes(journeyWorkflowId('cart-abandonment', customerId, cartId)));
    assert.ok(found.includes(journeyWorkflowId('win-back', customerId, orderId)));
  });

  it('reminds a visitor who checked out anonymously once they log in, once, and ends on their order', async () => {
    const anonymousId = uniqueId('visitor');
    const customerId = uniqueId('e2e');
    const email = `${customerId}@example.com`;
    const cartId = uniqueId('cart');
    const checkout = { event: 'Checkout Started', properties: { cart_id: cartId, value: 64, currency: 'USD' } };
    await expectAccepted(shop().track({ anonymousId, ...checkout }));
    const journey = temporal().workflow.getHandle<typeof cartAbandonmentWorkflow>(
      journeyWorkflowId('cart-abandonment', `anonymous:${anonymousId}`, cartId),
    );
    await waitFor(() => journey.describe().catch(() => undefined), { timeoutMs: 30_000, what: "the visitor's cart journey" });

    // Logging in: the browser SDK now sends both ids, and checks the same cart out again.
    await expectAccepted(shop().identify({ userId: customerId, anonymousId, traits: { email } }));
    await expectAccepted(
      shop().track({ userId: customerId, anonymousId, event: 'Consent Granted', properties: { channel: 'email', purpose: 'marketing' } }),
    );
    await expectAccepted(shop().track({ userId: customerId, anonymousId, ...checkout }));

    // Reminder 1 comes 30 journey-minutes (0.5 s) after the checkout, reminder 2 after 24 hours (24 s): the first after the login reaches them.
    const [reminder] = await waitFor(async () => ((await inbox.to(email)).length > 0 ? inbox.to(email) : undefined), {
      timeoutMs: 90_000,
      what: 'a reminder to the customer who logged in',
    });
    assert.match(reminder?.headers['x-journey-step'] ?? '', /^reminder-[12]$/);
    await expectAccepted(
      shop().track({
        userId: customerId,
        anonymousId,
        event: 'Order Completed',
        properties: { order_id: uniqueId('order'), cart_id: cartId },
      }),
    );
    const result: JourneyResult = await journey.result();
    assert.deepEqual(
      { outcome: result.outcome, reason: result.outcome === 'exited' ? result.reason : undefined },
      { outcome: 'exited', reason: 'converted' },
    );
    const steps = (await inbox.to(email)).map((received) => received.headers['x-journey-step']);
    assert.deepEqual(steps, [...new Set(steps)], 'each reminder once');
    await assert.rejects(
      temporal()
        .workflow.getHandle(journeyWorkflowId('cart-abandonment', customerId, cartId))
        .describe(),
      'no second journey for the same cart under the customer id',
    );
  });

  it('answers 400 naming each invalid field, and 401 for an unknown write key', async () => {
    const invalid = await shop().track({ userId: 'c-1', event: 'Order Completed', properties: { total: 'ten' } });
    assert.equal(invalid.status, 400);
    const body = (await invalid.json()) as { issues: { path: string }[] };
    assert.deepEqual(body.issues.map((issue) => issue.path).sort(), ['properties.order_id', 'properties.total']);

    const stranger = createSegmentClient(ingestUrl(), 'not-a-key');
    assert.equal((await stranger.track({ userId: 'c-1', event: 'Product Viewed' })).status, 401);
  });
});
