/**
 * Journeys on Temporal's time-skipping test server with the real send activities: consent
 * and the ledger in PostgreSQL, outcomes to Kafka, email over SMTP to the sink. Real
 * durations (30 minutes, 3 days) pass in moments.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createMessagingActivities } from '../../activities/messaging.ts';
import { journeyWorkflowId } from '../../schemas/names.ts';
import { createChannels } from '../../services/channels.ts';
import { loadConfig } from '../../services/config.ts';
import { migrate } from '../../services/db/migrate.ts';
import { createDb } from '../../services/db/pool.ts';
import { createMailSinkClient } from '../../services/demo/mail-sink-client.ts';
import { createKafka, createProducer, ensureTopics } from '../../services/kafka/client.ts';
import { createOutcomePublisher } from '../../services/kafka/journey-outcomes.ts';
import { createLogger } from '../../services/logger.ts';
import type { SendPolicy } from '../../services/send-policy/send-policy.ts';
import { workflowsPath } from '../../services/worker/worker.ts';
import type { cartAbandonmentWorkflow } from '../../workflows/journeys/cart-abandonment.ts';
import { customerEvent, uniqueId } from './fixtures.ts';
import { createTimeSkippingEnv } from './temporal-test-env.ts';

export const config = loadConfig();

export async function startJourneyTestbed(name: string, policy: SendPolicy) {
  const db = createDb(config.databaseUrl);
  const channels = createChannels(config);
  const kafka = createKafka(config.kafka.brokers, name, createLogger('error'));
  const outcomesProducer = createProducer(kafka);
  const taskQueue = uniqueId(name);
  /** Test-server time of each email the send activity was asked for, by customer. */
  const sendTimes = new Map<string, number[]>();

  await migrate(db);
  await ensureTopics(kafka);
  await outcomesProducer.connect();
  const env: TestWorkflowEnvironment = await createTimeSkippingEnv(config.temporal.testServerPath);
  const real = createMessagingActivities({ db, ...channels, outcomes: createOutcomePublisher(outcomesProducer), policy });
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
    db,
    taskQueue,
    sendTimes,
    inbox: createMailSinkClient(config.email.sinkInboxUrl),
    startCartAbandonment(customerId: string, cartId: string) {
      const trigger = customerEvent(customerId, 'Checkout Started', { cart_id: cartId, value: { amount: 8000, currency: 'EUR' } });
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
      channels.close();
      await outcomesProducer.disconnect();
      await db.end();
    },
  };
}

export type JourneyTestbed = Awaited<ReturnType<typeof startJourneyTestbed>>;
