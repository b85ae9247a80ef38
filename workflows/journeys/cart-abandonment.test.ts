/**
 * The cart-abandonment journey on Temporal's time-skipping test server, with the real send
 * activity (consent from PostgreSQL, email over SMTP to the sink): the real durations of
 * 30 minutes, 24 hours and 3 days pass in moments.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createMessagingActivities } from '../../activities/messaging.ts';
import { customerWorkflowId, journeyWorkflowId, searchAttributes, signalNames } from '../../schemas/names.ts';
import { loadConfig } from '../../services/config.ts';
import { migrate } from '../../services/db/migrate.ts';
import { setJourneyState } from '../../services/db/journey-controls.ts';
import { createDb } from '../../services/db/pool.ts';
import { createMailSinkClient } from '../../services/demo/mail-sink-client.ts';
import { waitFor } from '../../services/demo/wait-for.ts';
import { createSmtpMailer } from '../../services/email/mailer.ts';
import { createKafka, createProducer, ensureTopics } from '../../services/kafka/client.ts';
import { createOutcomePublisher } from '../../services/kafka/journey-outcomes.ts';
import { createLogger } from '../../services/logger.ts';
import { workflowsPath } from '../../services/worker/worker.ts';
import { createShopper, customerEvent, project, uniqueId } from '../../test/support/fixtures.ts';
import { createTimeSkippingEnv } from '../../test/support/temporal-test-env.ts';
import type { JourneyResult } from '../lib/journey-types.ts';
import type { cartAbandonmentWorkflow } from './cart-abandonment.ts';

const config = loadConfig();
const db = createDb(config.databaseUrl);
const mailer = createSmtpMailer(config.email.smtpUrl, config.email.from);
const inbox = createMailSinkClient(config.email.sinkInboxUrl);
const kafka = createKafka(config.kafka.brokers, 'cart-abandonment-test', createLogger('error'));
const outcomesProducer = createProducer(kafka);
const taskQueue = uniqueId('cart-abandonment-test');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let env: TestWorkflowEnvironment;
let worker: Worker;
let workerRunning: Promise<void>;
/** Test-server time of each email the send activity was asked for, by customer. */
const sendTimes = new Map<string, number[]>();

before(async () => {
  await migrate(db);
  await ensureTopics(kafka);
  await outcomesProducer.connect();
  env = await createTimeSkippingEnv(config.temporal.testServerPath);
  const real = createMessagingActivities({ db, mailer, outcomes: createOutcomePublisher(outcomesProducer) });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath,
    activities: {
      ...real,
      async sendEmail(request: Parameters<typeof real.sendEmail>[0]) {
        const times = sendTimes.get(request.customerId) ?? [];
        times.push(await env.currentTimeMs());
        sendTimes.set(request.customerId, times);
        return real.sendEmail(request);
      },
    },
  });
  workerRunning = worker.run();
});

after(async () => {
  worker?.shutdown();
  await workerRunning;
  await env?.teardown();
  mailer.close();
  await outcomesProducer.disconnect();
  await db.end();
});

function startJourney(customerId: string, cartId: string) {
  const trigger = customerEvent(customerId, 'Checkout Started', { cart_id: cartId, value: { amount: 8000, currency: 'EUR' } });
  return env.client.workflow.start<typeof cartAbandonmentWorkflow>('cartAbandonmentWorkflow', {
    taskQueue,
    workflowId: journeyWorkflowId('cart-abandonment', customerId, cartId),
    args: [{ customerId, trigger, settings: { timeScale: 1 } }],
  });
}

describe('cart abandonment journey', () => {
  it('sends the reminders 30 minutes, 24 hours and 3 days after the checkout started', async () => {
    const shopper = await createShopper(db, { consent: true });
    const startedAt = await env.currentTimeMs();
    const handle = await startJourney(shopper.customerId, 'cart-1');
    const result: JourneyResult = await handle.result();

    assert.equal(result.outcome, 'completed');
    assert.deepEqual(result.sends.map((send) => [send.step, send.status]), [
      ['reminder-1', 'sent'],
      ['reminder-2', 'sent'],
      ['reminder-3', 'sent'],
    ]);
    const offsets = (sendTimes.get(shopper.customerId) ?? []).map((at) => at - startedAt);
    const expected = [30 * MINUTE, 24 * HOUR, 72 * HOUR];
    assert.equal(offsets.length, 3);
    offsets.forEach((offset, i) => assert.ok(Math.abs(offset - expected[i]!) < MINUTE, `send ${i + 1} at ${offset} ms, expected ${expected[i]} ms`));
    const received = await inbox.to(shopper.email);
    assert.deepEqual(received.map((email) => email.subject).sort(), [
      'Did something go wrong at checkout?',
      'Last reminder about your cart',
      'Your cart is still waiting',
    ]);
  });

  it('exits at once when the order completes in the middle of the 24-hour wait', async () => {
    const shopper = await createShopper(db, { consent: true });
    const cartId = 'cart-2';
    const checkout = customerEvent(shopper.customerId, 'Checkout Started', { cart_id: cartId, value: { amount: 8000, currency: 'EUR' } });
    const customer = await env.client.workflow.signalWithStart('customerWorkflow', {
      taskQueue,
      workflowId: customerWorkflowId(shopper.customerId),
      args: [{ customerId: shopper.customerId, settings: { timeScale: 1 } }],
      signal: signalNames.customerEvents,
      signalArgs: [[checkout]],
    });
    await env.sleep('2 hours');
    const orderedAt = await env.currentTimeMs();
    await customer.signal(signalNames.customerEvents, [customerEvent(shopper.customerId, 'Order Completed', { order_id: 'o-1', cart_id: cartId })]);

    const journey = env.client.workflow.getHandle<typeof cartAbandonmentWorkflow>(journeyWorkflowId('cart-abandonment', shopper.customerId, cartId));
    const result: JourneyResult = await journey.result();
    const endedAfterOrder = (await env.currentTimeMs()) - orderedAt;

    assert.equal(result.outcome, 'exited');
    assert.equal(result.outcome === 'exited' && result.reason, 'converted');
    assert.deepEqual(result.sends.map((send) => send.step), ['reminder-1']);
    assert.ok(endedAfterOrder < HOUR, `journey ended ${endedAfterOrder} ms after the order, not at once`);
    assert.equal((await inbox.to(shopper.email)).length, 1);
    const described = await journey.describe();
    assert.deepEqual(described.typedSearchAttributes.get(searchAttributes.journeyStep), 'exited:converted');
  });

  it('an order for another cart does not end the reminders for this one', async () => {
    const shopper = await createShopper(db, { consent: true });
    const handle = await startJourney(shopper.customerId, 'cart-3');
    await env.sleep('1 hour');
    await handle.signal(signalNames.journeyEvent, customerEvent(shopper.customerId, 'Order Completed', { order_id: 'o-2', cart_id: 'other-cart' }));
    const result: JourneyResult = await handle.result();
    assert.equal(result.outcome, 'completed');
    assert.equal(result.sends.length, 3);
  });

  it('sends nothing to a customer who never gave email consent, and records each skip', async () => {
    const shopper = await createShopper(db, { consent: false });
    const result: JourneyResult = await (await startJourney(shopper.customerId, 'cart-4')).result();
    assert.deepEqual(result.sends.map((send) => send.status === 'skipped' && send.reason), ['no-consent', 'no-consent', 'no-consent']);
    assert.equal((await inbox.to(shopper.email)).length, 0);
  });

  it('checks consent at each send: a revocation after the first reminder stops the later ones', async () => {
    const shopper = await createShopper(db, { consent: true });
    const handle = await startJourney(shopper.customerId, 'cart-5');
    await env.sleep('1 hour');
    await project(db, customerEvent(shopper.customerId, 'Consent Revoked', { channel: 'email', purpose: 'marketing', source: 'unsubscribe-link' }));
    const result: JourneyResult = await handle.result();
    assert.deepEqual(result.sends.map((send) => send.status), ['sent', 'skipped', 'skipped']);
    assert.equal((await inbox.to(shopper.email)).length, 1);
  });

  it('kill switch: a paused journey holds its send until resumed, and a stopped one exits at its next send', async () => {
    const shopper = await createShopper(db, { consent: true });
    await setJourneyState(db, 'cart-abandonment', 'paused');
    try {
      const handle = await startJourney(shopper.customerId, 'cart-6');
      await env.sleep('3 hours');
      assert.equal((await inbox.to(shopper.email)).length, 0, 'nothing sent while paused');

      await setJourneyState(db, 'cart-abandonment', 'active');
      await env.sleep('10 minutes');
      await waitFor(async () => ((await inbox.to(shopper.email)).length === 1 ? true : undefined), { timeoutMs: 15_000, what: 'the held reminder after resume' });

      await setJourneyState(db, 'cart-abandonment', 'stopped');
      const result: JourneyResult = await handle.result();
      assert.deepEqual({ outcome: result.outcome, reason: result.outcome === 'exited' && result.reason }, { outcome: 'exited', reason: 'stopped-by-operator' });
      assert.deepEqual(result.sends.map((send) => [send.step, send.status === 'skipped' ? send.reason : send.status]), [
        ['reminder-1', 'sent'],
        ['reminder-2', 'journey-stopped'],
      ]);
      assert.equal((await inbox.to(shopper.email)).length, 1);
    } finally {
      await setJourneyState(db, 'cart-abandonment', 'active');
    }
  });
});
