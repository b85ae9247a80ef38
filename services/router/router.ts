/**
 * Router: customer-events → one Temporal workflow per customer. Per batch, each customer's
 * journey-relevant events go in one signalWithStart, in log order; offsets are committed
 * only after Temporal accepted every signal of the batch, so nothing is lost on a crash
 * (a replayed event is ignored by the customer workflow, which remembers event ids).
 */
import type { Client } from '@temporalio/client';
import type { Consumer, Kafka } from 'kafkajs';
import type { CustomerEventEnvelope } from '../../schemas/envelope.ts';
import { consumerGroups, customerWorkflowId, searchAttributes, signalNames, TASK_QUEUE, topics } from '../../schemas/names.ts';
import type { JourneySettings } from '../../workflows/lib/journey-types.ts';
import { eventTypesForTemporal } from '../../workflows/registry.ts';
import { fromMessage } from '../kafka/customer-events.ts';
import type { Logger } from '../logger.ts';

export interface Router {
  stop(): Promise<void>;
}

export async function startRouter(deps: { kafka: Kafka; temporal: Client; settings: JourneySettings; logger: Logger }): Promise<Router> {
  const { kafka, temporal, settings, logger } = deps;
  const relevant = eventTypesForTemporal();
  const consumer: Consumer = kafka.consumer({ groupId: consumerGroups.router });
  await consumer.connect();
  await consumer.subscribe({ topic: topics.customerEvents, fromBeginning: true });

  const signalCustomer = (customerId: string, events: CustomerEventEnvelope[]) =>
    temporal.workflow.signalWithStart('customerWorkflow', {
      workflowId: customerWorkflowId(customerId),
      taskQueue: TASK_QUEUE,
      args: [{ customerId, settings }],
      signal: signalNames.customerEvents,
      signalArgs: [events],
      typedSearchAttributes: [{ key: searchAttributes.customerId, value: customerId }],
    });

  await consumer.run({
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 6,
    eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary }) => {
      const byCustomer = new Map<string, CustomerEventEnvelope[]>();
      for (const message of batch.messages) {
        const checked = fromMessage(message);
        // Invalid messages are the projector's to park in the dead-letter topic.
        if (!checked.ok || !relevant.has(checked.envelope.type)) continue;
        const { envelope } = checked;
        byCustomer.set(envelope.customerId, [...(byCustomer.get(envelope.customerId) ?? []), envelope]);
      }
      await Promise.all([...byCustomer].map(([customerId, events]) => signalCustomer(customerId, events)));
      for (const message of batch.messages) resolveOffset(message.offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
      if (byCustomer.size > 0) logger.debug('signalled customers', { partition: batch.partition, customers: byCustomer.size });
    },
  });
  logger.info('router consuming', { topic: topics.customerEvents });
  return { stop: () => consumer.disconnect() };
}
