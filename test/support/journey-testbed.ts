/**
 * Journeys on Temporal's time-skipping test server with the real send activities: consent
 * and the ledger in PostgreSQL, outcomes to Kafka, email over SMTP to the sink. Real
 * durations (30 minutes, 3 days) pass in moments.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { journeyWorkflowId } from '../../schemas/names.ts';
import { loadConfig } from '../../services/config.ts';
import type { SendPolicy } from '../../services/send-policy/send-policy.ts';
import { workflowsPath } from '../../services/worker/worker.ts';
import type { cartAbandonmentWorkflow } from '../../workflows/journeys/cart-abandonment.ts';
import { createActivityDeps } from './activity-deps.ts';
import { customerEvent, uniqueId } from './fixtures.ts';
import { createTimeSkippingEnv } from './temporal-test-env.ts';

export const config = loadConfig();

export async function startJourneyTestbed(name: string, policy: SendPolicy) {
  const deps = createActivityDeps(name, config);
  const taskQueue = uniqueId(name);
  /** Test-server time of each email the send activity was asked for, by customer. */
  const sendTimes = new Map<string, number[]>();

  await deps.start();
  const env: TestWorkflowEnvironment = await createTimeSkippingEnv(config.temporal.testServerPath);
  const real = deps.activities({ policy });
  const worker = await Worker.create({
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
  const workerRunning = worker.run();

  return {
    env,
    db: deps.db,
    taskQueue,
    sendTimes,
    inbox: deps.inbox,
    sink: deps.sink,
    /** A €80 cart unless `value` says otherwise. */
    startCartAbandonment(customerId: string, cartId: string, value = { amount: 8000, currency: 'EUR' }) {
      const trigger = customerEvent(customerId, 'Checkout Started', { cart_id: cartId, value });
      return env.client.workflow.start<typeof cartAbandonmentWorkflow>('cartAbandonmentWorkflow', {
        taskQueue,
        workflowId: journeyWorkflowId('cart-abandonment', customerId, cartId),
        args: [{ customerId, trigger, settings: { timeScale: 1 } }],
      });
    },
    async stop() {
      worker.shutdown();
      await workerRunning;
      await env.teardown();
      await deps.stop();
    },
  };
}

export type JourneyTestbed = Awaited<ReturnType<typeof startJourneyTestbed>>;
