/**
 * Journeys on Temporal's time-skipping test server with the real send activities: consent
 * and the ledger in PostgreSQL, outcomes to Kafka, email over SMTP to the sink. Real
 * durations (30 minutes, 3 days) pass in moments.
 */
import { Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { CustomerEventEnvelope } from '../../schemas/envelope.ts';
import { customerEventsSignal, customerWorkflowId, customerWorkflowType, journeyWorkflowId } from '../../schemas/names.ts';
import { loadConfig } from '../../services/platform/config.ts';
import type { SendPolicy } from '../../services/platform/send-policy/send-policy.ts';
import { createWorkers } from '../../services/processes/worker/worker.ts';
import { cartAbandonment } from '../../workflows/journeys/cart-abandonment.ts';
import type { AnyJourney } from '../../workflows/lib/journey-descriptor.ts';
import { createActivityDeps } from './activity-deps.ts';
import { customerEvent, uniqueId } from './fixtures.ts';
import { createTimeSkippingEnv } from './temporal-test-env.ts';

export const config = loadConfig();

export async function startJourneyTestbed(name: string, policy: SendPolicy) {
  const deps = createActivityDeps(name, config);
  const taskQueue = uniqueId(name);
  /** Test-server time of each email the send activity was asked for, by customer. */
  const sendTimes = new Map<string, number[]>();
  /** The task queues direct mail was sent from (each channel has its own, for its send rate). */
  const mailQueues = new Set<string>();

  await deps.start();
  const env: TestWorkflowEnvironment = await createTimeSkippingEnv(config.temporal.testServerPath);
  const real = deps.activities({ policy });
  const workers = await createWorkers({
    connection: env.nativeConnection,
    taskQueue,
    sendRates: config.sendRates,
    activities: {
      ...real,
      async sendEmail(request: Parameters<typeof real.sendEmail>[0]) {
        const times = sendTimes.get(request.customerId) ?? [];
        times.push(await env.currentTimeMs());
        sendTimes.set(request.customerId, times);
        return real.sendEmail(request);
      },
      async sendDirectMail(request: Parameters<typeof real.sendDirectMail>[0]) {
        mailQueues.add(Context.current().info.taskQueue);
        return real.sendDirectMail(request);
      },
    },
  });
  const workersRunning = workers.run();

  return {
    env,
    db: deps.db,
    taskQueue,
    sendTimes,
    mailQueues,
    inbox: deps.inbox,
    sink: deps.sink,
    /** A journey started as the customer workflow would, on the testbed's queue. */
    startJourney(journey: AnyJourney, customerId: string, key: string, trigger: CustomerEventEnvelope) {
      return env.client.workflow.start(journey.workflowType, {
        taskQueue,
        workflowId: journeyWorkflowId(journey.id, customerId, key),
        args: [{ customerId, trigger, settings: { timeScale: 1 } }],
      });
    },
    /** Events to the customer's workflow, as the router sends them (starting it if need be). */
    signalCustomer(customerId: string, events: CustomerEventEnvelope[]) {
      return env.client.workflow.signalWithStart(customerWorkflowType, {
        taskQueue,
        workflowId: customerWorkflowId(customerId),
        args: [{ customerId, settings: { timeScale: 1 } }],
        signal: customerEventsSignal,
        signalArgs: [events],
      });
    },
    /** A €80 cart unless `value` says otherwise. */
    startCartAbandonment(customerId: string, cartId: string, value = { amount: 8000, currency: 'EUR' }) {
      const trigger = customerEvent(customerId, 'Checkout Started', { cart_id: cartId, value });
      return env.client.workflow.start(cartAbandonment.workflowType, {
        taskQueue,
        workflowId: journeyWorkflowId(cartAbandonment.id, customerId, cartId),
        args: [{ customerId, trigger, settings: { timeScale: 1 } }],
      });
    },
    async stop() {
      workers.shutdown();
      await workersRunning;
      await env.teardown();
      await deps.stop();
    },
  };
}

export type JourneyTestbed = Awaited<ReturnType<typeof startJourneyTestbed>>;
