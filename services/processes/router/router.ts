/**
 * Router: customer-events → one Temporal workflow per customer. Partitions run concurrently,
 * each in log order. Per batch, each customer's journey-relevant events go in one
 * signalWithStart, in log order; offsets are committed only after Temporal accepted every
 * signal of the batch, so nothing is lost on a crash (a replayed event is ignored by the
 * customer workflow, which remembers event ids). Invalid messages are skipped here: the
 * projector parks them in the dead-letter topic. Signals Temporal refuses for their content
 * go to the dead-letter topic; any other failure fails the batch, which Kafka redelivers.
 * An `Identities Merged` event also tells the merged id's workflow (starting it if need be)
 * to hand its journeys over, after the customer it joins has the event.
 */
import { status as grpcStatus } from '@grpc/grpc-js';
import { propagation, ROOT_CONTEXT, SpanKind, trace, type Link, type Tracer } from '@opentelemetry/api';
import { isGrpcServiceError, type Client } from '@temporalio/client';
import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { CustomerEventEnvelope } from '../../../schemas/envelope.ts';
import { consumerGroups, TASK_QUEUE, topics } from '../../../schemas/names.ts';
import { identitiesMergedEvent } from '../../../workflows/lib/identity.ts';
import { routedToTemporal } from '../../../workflows/registry.ts';
import { createProducer, partitionCount } from '../../platform/kafka/client.ts';
import { fromMessage, type Placement } from '../../platform/kafka/customer-events.ts';
import { sendToDeadLetters } from '../../platform/kafka/dead-letters.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Metrics } from '../../platform/telemetry/metrics.ts';
import { signalCustomerEvents, signalMergeInto } from './customer-signals.ts';

export interface Router {
  stop(): Promise<void>;
  /** How often the consumer joined its group: more than once means a rebalance, and batches read again. */
  groupJoins(): number;
}

interface CustomerBatch {
  events: CustomerEventEnvelope[];
  messages: KafkaMessage[];
}

/** Temporal refused the request itself (e.g. a payload over its size limit): retrying cannot help. */
function isRefusedForContent(error: unknown): boolean {
  const grpc = [error, (error as { cause?: unknown } | null)?.cause].find(isGrpcServiceError);
  return grpc?.code === grpcStatus.INVALID_ARGUMENT;
}

/**
 * Groups a batch's journey-relevant events by customer, in log order. The projector parks
 * what fails the checks, with the reason; the router skips it alike, and calls `misplaced`
 * for each event found on another partition than its key's.
 */
export function groupByCustomer(
  messages: KafkaMessage[],
  relevant: (event: CustomerEventEnvelope) => boolean,
  placement?: Placement,
  misplaced: () => void = () => undefined,
): Map<string, CustomerBatch> {
  const byCustomer = new Map<string, CustomerBatch>();
  for (const message of messages) {
    const checked = fromMessage(message, placement);
    if (!checked.ok && checked.issues.some((issue) => issue.path === '(partition)')) misplaced();
    if (!checked.ok || !relevant(checked.value)) continue;
    const group = byCustomer.get(checked.value.customerId) ?? { events: [], messages: [] };
    group.events.push(checked.value);
    group.messages.push(message);
    byCustomer.set(checked.value.customerId, group);
  }
  return byCustomer;
}

export interface RouterDeps {
  kafka: Kafka;
  temporal: Client;
  logger: Logger;
  tracer: Tracer;
  metrics: Metrics;
  /** The product's own unless overridden (the benchmark routes a topic of its own). */
  wiring?: { topic: string; groupId: string; taskQueue: string };
}

const productWiring = { topic: topics.customerEvents, groupId: consumerGroups.router, taskQueue: TASK_QUEUE };

const contextOf = (event: CustomerEventEnvelope) => propagation.extract(ROOT_CONTEXT, event.traceContext ?? {});

export async function startRouter(deps: RouterDeps): Promise<Router> {
  const { kafka, temporal, logger, tracer, metrics } = deps;
  const { topic, groupId, taskQueue } = deps.wiring ?? productWiring;
  const relevant = routedToTemporal();
  const consumer: Consumer = kafka.consumer({ groupId });
  const producer: Producer = createProducer(kafka);
  await Promise.all([consumer.connect(), producer.connect()]);
  await consumer.subscribe({ topic, fromBeginning: true });
  const partitions = await partitionCount(kafka, topic);
  let groupJoins = 0;
  consumer.on(consumer.events.GROUP_JOIN, () => void (groupJoins += 1));

  // The signal continues the trace of the customer's first event in it and links the others'.
  const signalCustomer = (customerId: string, events: CustomerEventEnvelope[]) => {
    const [first, ...rest] = events.map(contextOf);
    const links: Link[] = rest.flatMap((ctx) => {
      const spanContext = trace.getSpanContext(ctx);
      return spanContext ? [{ context: spanContext }] : [];
    });
    return tracer.startActiveSpan(
      'router signal customer',
      { kind: SpanKind.PRODUCER, links, attributes: { 'journeys.events': events.length } },
      first ?? ROOT_CONTEXT,
      async (span) => {
        const started = performance.now();
        try {
          await signalCustomerEvents(temporal, taskQueue, customerId, events);
          const now = Date.now();
          metrics.signalSent(
            performance.now() - started,
            events.map((event) => now - Date.parse(event.receivedAt)),
          );
        } finally {
          span.end();
        }
      },
    );
  };

  await consumer.run({
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 6,
    eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary }) => {
      metrics.consumerLag(groupId, batch.partition, Number(batch.offsetLag()));
      let misplaced = 0;
      const byCustomer = groupByCustomer(batch.messages, relevant, { partition: batch.partition, partitions }, () => (misplaced += 1));
      if (misplaced > 0) {
        metrics.wrongPartition(misplaced);
        logger.warn('events on another partition than their key: left to the dead-letter topic', {
          partition: batch.partition,
          events: misplaced,
        });
      }
      const refused: { messages: KafkaMessage[]; reason: string }[] = [];
      await Promise.all(
        [...byCustomer].map(async ([customerId, group]) => {
          try {
            await signalCustomer(customerId, group.events);
            // A batch of thousands of customers outlasts the session timeout: stay in the group.
            await heartbeat();
          } catch (error) {
            if (!isRefusedForContent(error)) throw error;
            refused.push({ messages: group.messages, reason: `refused by Temporal: ${(error as Error).message}` });
          }
        }),
      );
      const signalled = [...byCustomer.values()].filter((group) => !refused.some((r) => r.messages === group.messages));
      const merges = signalled.flatMap((group) =>
        group.events.filter((event) => event.type === identitiesMergedEvent && event.payload.merged_customer_id !== event.customerId),
      );
      // After the customer got the merge event (it then waits for the handover): the merged id's workflow.
      await Promise.all(
        merges.map((merge) => signalMergeInto(temporal, taskQueue, merge.payload.merged_customer_id as string, merge.customerId)),
      );
      for (const { messages, reason } of refused) {
        for (const message of messages) {
          await sendToDeadLetters(producer, { topic: batch.topic, partition: batch.partition, message }, reason);
          metrics.deadLettered('router', 'refused');
        }
        logger.warn('signal refused by Temporal; events sent to the dead-letter topic', {
          partition: batch.partition,
          events: messages.length,
        });
      }
      for (const message of batch.messages) resolveOffset(message.offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
      if (byCustomer.size > 0) logger.debug('signalled customers', { partition: batch.partition, customers: byCustomer.size });
    },
  });
  logger.info('router consuming', { topic });
  return {
    async stop() {
      await consumer.disconnect();
      await producer.disconnect();
    },
    groupJoins: () => groupJoins,
  };
}
