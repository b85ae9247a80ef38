/**
 * Workflows on Temporal's time-skipping test server (real durations of days pass in
 * moments), run by the product's own workers with the activities a test gives: the mocks
 * of the unit tier (mock-activities.ts) or the real ones (journey-testbed.ts).
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities } from '../../activities/index.ts';
import type { CustomerEventEnvelope } from '../../schemas/envelope.ts';
import { journeyWorkflowId } from '../../schemas/names.ts';
import { loadConfig } from '../../services/platform/config.ts';
import { signalCustomerEvents, signalMergeInto } from '../../services/processes/router/customer-signals.ts';
import { createWorkers } from '../../services/processes/worker/worker.ts';
import type { AnyJourney } from '../../workflows/lib/journey-descriptor.ts';
import { uniqueId } from './fixtures.ts';
import { createTimeSkippingEnv } from './temporal-test-env.ts';

export async function startWorkflowTestbed(name: string, activities: (env: TestWorkflowEnvironment) => Activities) {
  const config = loadConfig();
  const taskQueue = uniqueId(name);
  const env = await createTimeSkippingEnv(config.temporal.testServerPath);
  const workers = await createWorkers({
    connection: env.nativeConnection,
    taskQueue,
    sendRates: config.sendRates,
    activities: activities(env),
  });
  const workersRunning = workers.run();
  return {
    env,
    taskQueue,
    /** A journey started as the customer workflow would, on the testbed's queue. */
    startJourney(journey: AnyJourney, customerId: string, key: string, trigger: CustomerEventEnvelope) {
      return env.client.workflow.start(journey.workflowType, {
        taskQueue,
        workflowId: journeyWorkflowId(journey.id, customerId, key),
        args: [{ customerId, trigger }],
      });
    },
    /** Events to the customer's workflow, as the router sends them (starting it if need be). */
    signalCustomer: (customerId: string, events: CustomerEventEnvelope[]) =>
      signalCustomerEvents(env.client, taskQueue, customerId, events),
    /** What the router sends a merged id's workflow after its customer got `Identities Merged`. */
    signalMergeInto: (mergedId: string, into: string) => signalMergeInto(env.client, taskQueue, mergedId, into),
    async stop() {
      workers.shutdown();
      await workersRunning;
      await env.teardown();
    },
  };
}

export type WorkflowTestbed = Awaited<ReturnType<typeof startWorkflowTestbed>>;
