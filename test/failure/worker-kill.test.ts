/**
 * The worker killed (SIGKILL) right after a provider accepted a message and before the
 * activity completed: after a restart the step is not sent again. Twilio takes no
 * idempotency key, so the reserved step is given up as possibly sent; Lob takes one, so the
 * postcard is asked for again with the same key and Lob returns the first piece. Real
 * Temporal, PostgreSQL and provider sink; the worker runs as its own process.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@temporalio/client';
import { journeyWorkflowId } from '../../schemas/names.ts';
import { loadConfig } from '../../services/platform/config.ts';
import { findMessage, idempotencyKeyOf } from '../../services/platform/db/message-ledger.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { connectTemporal } from '../../services/platform/temporal/client.ts';
import type { JourneyResult } from '../../schemas/journey.ts';
import { cartAbandonment } from '../../workflows/journeys/cart-abandonment.ts';
import { createActivityDeps } from '../support/activity-deps.ts';
import { createShopper, customerEvent, uniqueId } from '../support/fixtures.ts';
import { startProductProcess, type ProductProcess } from '../support/product-process.ts';

// An hour of journey time is a second: the 24-hour wait before the postcard takes 24 s.
const TIME_SCALE = 1 / 3600;
const taskQueue = uniqueId('worker-kill');
const workerEnv = { TEMPORAL_TASK_QUEUE: taskQueue, JOURNEY_TIME_SCALE: String(TIME_SCALE) };
const config = loadConfig({ ...process.env, ...workerEnv, METRICS_PORT: '0' });
const deps = createActivityDeps('worker-kill-test', config);
let temporal: Client;
let worker: ProductProcess | undefined;

before(async () => {
  await deps.start();
  temporal = await connectTemporal(config.temporal);
});
after(async () => {
  await worker?.stop();
  await temporal?.connection.close();
  await deps.stop();
});

/** Kills the worker once the provider holds the message, and starts a fresh one. */
async function killOnceAccepted(what: string, accepted: () => Promise<boolean>) {
  await waitFor(async () => ((await accepted()) ? true : undefined), { timeoutMs: 150_000, what });
  await worker!.kill();
  worker = startProductProcess('worker', workerEnv);
}

describe('worker killed after the provider accepted', () => {
  it('sends no second text and prints no second postcard after the restart', async () => {
    // Texts only (no email consent), and a high-value cart: the postcard follows the second reminder.
    const shopper = await createShopper(deps.db, { consent: true, channels: ['sms', 'direct_mail'], withAddress: true });
    // The providers take the message and never answer: the worker is killed while it waits.
    await deps.sink.fault({ provider: 'twilio', to: shopper.phone, mode: 'timeout', times: 1 });
    await deps.sink.fault({ provider: 'lob', to: shopper.mailName, mode: 'timeout', times: 1 });

    worker = startProductProcess('worker', workerEnv);
    const cartId = uniqueId('cart');
    const workflowId = journeyWorkflowId('cart-abandonment', shopper.customerId, cartId);
    const trigger = customerEvent(shopper.customerId, 'Checkout Started', { cart_id: cartId, value: { amount: 420_00, currency: 'USD' } });
    const journey = await temporal.workflow.start(cartAbandonment.workflowType, {
      taskQueue,
      workflowId,
      args: [{ customerId: shopper.customerId, trigger }],
    });

    await killOnceAccepted(
      'Twilio to hold the first reminder',
      async () => (await deps.sink.received('twilio', shopper.phone)).length === 1,
    );
    // The killed attempt times out (1 minute); the retry runs on the new worker.
    await killOnceAccepted('Lob to hold the postcard', async () => (await deps.sink.received('lob', shopper.mailName)).length === 1);
    const result: JourneyResult = await journey.result();

    assert.deepEqual(
      result.sends.map((send) => [send.step, send.channel, send.status === 'skipped' ? send.reason : send.status]),
      [
        ['reminder-1', 'sms', 'possibly-sent'],
        ['reminder-2', 'email', 'no-consent'],
        ['postcard', 'direct_mail', 'sent'],
        ['reminder-3', 'email', 'no-consent'],
      ],
    );
    assert.equal((await deps.sink.received('twilio', shopper.phone)).length, 1, 'one text');
    const pieces = await deps.sink.received('lob', shopper.mailName);
    assert.equal(pieces.length, 1, 'one postcard');
    const postcard = await findMessage(deps.db, idempotencyKeyOf(workflowId, 'postcard'));
    assert.deepEqual({ status: postcard?.status, id: postcard?.providerMessageId }, { status: 'sent', id: pieces[0]?.id });
    assert.equal(
      (await findMessage(deps.db, idempotencyKeyOf(workflowId, 'reminder-1')))?.status,
      'sending',
      'reserved, never confirmed, never resent',
    );
  });
});
