/**
 * 2. Router throughput, Kafka to signals accepted by Temporal, next to a bare baseline in
 * the same run: a kafkajs consumer with the same partitions and concurrency that calls
 * signalWithStart once per event (per-customer order kept, customers of a batch in
 * parallel, the same search attribute), on a workflow that no worker runs.
 * 3. End-to-end latency from produce to signal accepted, at a steady rate.
 * Both read topics of their own, pre-filled with the same shape of stream.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { trace } from '@opentelemetry/api';
import type { Client } from '@temporalio/client';
import type { Kafka, Message } from 'kafkajs';
import type { CustomerEventEnvelope } from '../schemas/envelope.ts';
import { customerWorkflowId, searchAttributes } from '../schemas/names.ts';
import { createProducer } from '../services/platform/kafka/client.ts';
import { toMessage } from '../services/platform/kafka/customer-events.ts';
import { waitFor } from '../services/platform/wait-for.ts';
import type { Logger } from '../services/platform/logger.ts';
import { groupByCustomer, startRouter } from '../services/processes/router/router.ts';
import { routedToTemporal } from '../workflows/registry.ts';
import type { Metrics } from '../services/platform/telemetry/metrics.ts';
import { produceAll } from './bench-kafka.ts';
import { percentile, perSecond } from './stats.ts';

export interface StreamShape {
  customers: number;
  eventsPerCustomer: number;
}

/** Identify events (they reach Temporal) from many customers, interleaved at random. */
function stream(shape: StreamShape, prefix: string): Message[] {
  const customers = Array.from({ length: shape.customers }, (_, i) => `${prefix}-${i}`);
  const remaining = customers.map(() => shape.eventsPerCustomer);
  const messages: Message[] = [];
  const now = new Date().toISOString();
  while (messages.length < shape.customers * shape.eventsPerCustomer) {
    const i = Math.floor(Math.random() * customers.length);
    if (remaining[i] === 0) continue;
    remaining[i]! -= 1;
    messages.push(toMessage(envelope(customers[i]!, now)));
  }
  return messages;
}

function envelope(customerId: string, at: string): CustomerEventEnvelope {
  return {
    eventId: randomUUID(),
    customerId,
    type: 'Identify',
    version: 1,
    occurredAt: at,
    receivedAt: at,
    source: 'bench',
    payload: { locale: 'en-US' },
  };
}

/** A Metrics that keeps what the benchmark needs: signalled events and their latencies. */
function recordingMetrics() {
  const record = { events: 0, signals: 0, sinceReceivedMs: [] as number[], rpcMs: [] as number[], firstAt: 0, lastAt: 0 };
  const metrics: Metrics = {
    eventsAccepted: () => undefined,
    eventsRejected: () => undefined,
    deadLettered: () => undefined,
    consumerLag: () => undefined,
    wrongPartition: () => undefined,
    signalSent: (rpcMs, sinceReceived) => {
      // Timed from the first signal's start: joining the consumer group is not throughput.
      if (record.signals === 0) record.firstAt = performance.now() - rpcMs;
      record.signals += 1;
      record.lastAt = performance.now();
      record.rpcMs.push(rpcMs);
      record.events += sinceReceived.length;
      record.sinceReceivedMs.push(...sinceReceived);
    },
  };
  return { record, metrics };
}

export interface RouterBenchDeps {
  kafka: Kafka;
  temporal: Client;
  logger: Logger;
  taskQueue: string;
}

export interface ThroughputResult {
  /** Distinct events signalled: a repeat (read again after a rebalance) does not count. */
  events: number;
  signals: number;
  ms: number;
  eventsPerSecond: number;
  /** Times the consumer joined its group; the figure holds only at 1 (no batch read twice). */
  groupJoins: number;
}

/** The product's router on a benchmark topic, with a fresh group (so it reads from the start). */
function startBenchRouter(deps: RouterBenchDeps, topic: string, metrics: Metrics) {
  return startRouter({
    kafka: deps.kafka,
    temporal: deps.temporal,
    logger: deps.logger,
    tracer: trace.getTracer('bench'),
    metrics,
    wiring: { topic, groupId: `bench-${randomUUID()}`, taskQueue: deps.taskQueue },
  });
}

/** The figures come from the recorded signal times, not from when this wait notices. */
const until = (done: () => boolean, what: string) =>
  waitFor(() => Promise.resolve(done() ? true : undefined), { timeoutMs: 600_000, what });

export async function benchRouter(deps: RouterBenchDeps, topic: string, shape: StreamShape): Promise<ThroughputResult> {
  const total = shape.customers * shape.eventsPerCustomer;
  await produceAll(deps.kafka, topic, stream(shape, `router-${randomUUID().slice(0, 6)}`));
  const { record, metrics } = recordingMetrics();
  const router = await startBenchRouter(deps, topic, metrics);
  await until(() => record.events >= total, 'the router');
  const ms = record.lastAt - record.firstAt;
  await router.stop();
  // The router's metrics carry no event ids: with one group join nothing was read twice,
  // so events signalled are distinct exactly when they equal the stream's.
  const distinct = router.groupJoins() === 1 && record.events === total ? total : 0;
  return { events: distinct, signals: record.signals, ms, eventsPerSecond: perSecond(distinct, ms), groupJoins: router.groupJoins() };
}

export async function benchBaseline(deps: RouterBenchDeps, topic: string, shape: StreamShape): Promise<ThroughputResult> {
  const total = shape.customers * shape.eventsPerCustomer;
  await produceAll(deps.kafka, topic, stream(shape, `baseline-${randomUUID().slice(0, 6)}`));
  const signalled = new Set<string>();
  let signals = 0;
  let firstAt = 0;
  let lastAt = 0;
  let groupJoins = 0;
  const consumer = deps.kafka.consumer({ groupId: `bench-baseline-${randomUUID()}` });
  consumer.on(consumer.events.GROUP_JOIN, () => void (groupJoins += 1));
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 6,
    eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary }) => {
      // The router's own grouping (validation included): the baseline differs only in its signals.
      const byCustomer = groupByCustomer(batch.messages, routedToTemporal());
      await Promise.all(
        [...byCustomer].map(async ([customerId, { events }]) => {
          for (const event of events) {
            if (firstAt === 0) firstAt = performance.now();
            await deps.temporal.workflow.signalWithStart('benchNoopWorkflow', {
              workflowId: customerWorkflowId(customerId),
              taskQueue: deps.taskQueue,
              signal: 'event',
              signalArgs: [event],
              typedSearchAttributes: [{ key: searchAttributes.customerId, value: customerId }],
            });
            signals += 1;
            signalled.add(event.eventId);
            lastAt = performance.now();
          }
          // As the router does: a long batch must not cost the group membership.
          await heartbeat();
        }),
      );
      for (const message of batch.messages) resolveOffset(message.offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    },
  });
  await until(() => signalled.size >= total, 'the baseline consumer');
  const ms = lastAt - firstAt;
  await consumer.disconnect();
  return { events: signalled.size, signals, ms, eventsPerSecond: perSecond(signalled.size, ms), groupJoins };
}

export interface LatencyResult {
  rate: number;
  events: number;
  p50Ms: number;
  p99Ms: number;
  signals: number;
  rpcP50Ms: number;
  rpcP99Ms: number;
}

/** Events produced at a steady rate while the router runs; latency from produce to signal. */
export async function benchEndToEnd(
  deps: RouterBenchDeps,
  topic: string,
  options: { rate: number; seconds: number; customers: number },
): Promise<LatencyResult> {
  const { record, metrics } = recordingMetrics();
  const router = await startBenchRouter(deps, topic, metrics);
  const producer = createProducer(deps.kafka);
  await producer.connect();
  const prefix = `e2e-${randomUUID().slice(0, 6)}`;
  const tickMs = 20;
  const perTick = Math.max(1, Math.round((options.rate * tickMs) / 1000));
  const ticks = Math.round((options.seconds * 1000) / tickMs);
  const started = performance.now();
  for (let tick = 0; tick < ticks; tick += 1) {
    const at = new Date().toISOString();
    const messages = Array.from({ length: perTick }, () =>
      toMessage(envelope(`${prefix}-${Math.floor(Math.random() * options.customers)}`, at)),
    );
    await producer.send({ topic, acks: -1, messages });
    const next = started + (tick + 1) * tickMs;
    await delay(Math.max(0, next - performance.now()));
  }
  const total = perTick * ticks;
  await until(() => record.events >= total, 'the end-to-end events');
  await producer.disconnect();
  await router.stop();
  return {
    rate: perSecond(total, options.seconds * 1000),
    events: total,
    p50Ms: percentile(record.sinceReceivedMs, 50),
    p99Ms: percentile(record.sinceReceivedMs, 99),
    signals: record.signals,
    rpcP50Ms: percentile(record.rpcMs, 50),
    rpcP99Ms: percentile(record.rpcMs, 99),
  };
}
