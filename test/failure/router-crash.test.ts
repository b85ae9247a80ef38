/**
 * The router killed with SIGKILL in the middle of a stream of thousands of events, then
 * restarted: every event reaches its customer's workflow exactly once. Then the worst
 * redelivery Kafka can make (the router's offsets rewound to before the stream): still
 * exactly once, every repeat recognised. Real Kafka and Temporal; the router runs as its
 * own process, as in production.
 */
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { ServiceError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Kafka, Producer } from 'kafkajs';
import { consumerGroups, customerWorkflowId, getCustomerStateQuery, topics } from '../../schemas/names.ts';
import { loadConfig } from '../../services/platform/config.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { createKafka, createProducer, ensureTopics } from '../../services/platform/kafka/client.ts';
import { toMessage } from '../../services/platform/kafka/customer-events.ts';
import { createLogger } from '../../services/platform/logger.ts';
import { startProduct, type RunningProduct } from '../../services/processes/composition-root.ts';
import { connectTemporal } from '../../services/platform/temporal/client.ts';
import { customerEvent, uniqueId } from '../support/fixtures.ts';
import { committedOffsets, waitForGroupCaughtUp } from '../support/pipeline.ts';
import { startProductProcess, type ProductProcess } from '../support/product-process.ts';

const CUSTOMERS = 40;
const EVENTS_PER_CUSTOMER = 100;
const CHUNKS = 40;

const config = loadConfig({ ...process.env, METRICS_PORT: '0', LOG_LEVEL: 'error' });
const logger = createLogger('error');
const customers = Array.from({ length: CUSTOMERS }, () => uniqueId('stream'));
let worker: RunningProduct;
let temporal: Client;
let kafka: Kafka;
let producer: Producer;
let router: ProductProcess | undefined;
/** Where the stream starts in each partition: rewinding the router to here redelivers all of it. */
let streamStart: { partition: number; offset: string }[];

before(async () => {
  kafka = createKafka(config.kafka.brokers, 'router-crash-test', logger);
  await ensureTopics(kafka);
  producer = createProducer(kafka);
  await producer.connect();
  worker = await startProduct(config, logger, ['worker']);
  temporal = await connectTemporal(config.temporal);
  const admin = kafka.admin();
  await admin.connect();
  streamStart = (await admin.fetchTopicOffsets(topics.customerEvents)).map(({ partition, offset }) => ({ partition, offset }));
  await admin.disconnect();
});

after(async () => {
  await router?.stop();
  await producer?.disconnect();
  await temporal?.connection.close();
  await worker?.stop();
});

/** Every customer's events in interleaved order, cut into chunks produced one after another. */
function streamChunks() {
  const events = Array.from({ length: EVENTS_PER_CUSTOMER }, () => customers.map((id) => customerEvent(id, 'Identify', {}))).flat();
  const size = events.length / CHUNKS;
  return Array.from({ length: CHUNKS }, (_, i) => events.slice(i * size, (i + 1) * size));
}

/**
 * The customer workflow's state. A query is answered by a worker between workflow tasks: on
 * a machine as loaded as this test makes it, one may time out, and is asked again.
 */
async function stateOf(customerId: string) {
  const query = () => temporal.workflow.getHandle(customerWorkflowId(customerId)).query(getCustomerStateQuery);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await query();
    } catch (error) {
      if (!(error instanceof ServiceError) || attempt === 5) throw error;
      await delay(1_000);
    }
  }
}

/** Events applied by a customer's workflow; 0 when the router has not reached the customer yet. */
async function appliedSoFar(customerId: string): Promise<number> {
  try {
    return (await stateOf(customerId)).eventsApplied;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return 0;
    throw error;
  }
}

async function statesOfAll() {
  return Promise.all(customers.map(stateOf));
}

const committedSum = async () =>
  [...(await committedOffsets(kafka, consumerGroups.router)).values()].reduce((sum, offset) => sum + BigInt(offset), 0n);

describe('router crash', () => {
  it(`applies each of ${CUSTOMERS * EVENTS_PER_CUSTOMER} events exactly once across a SIGKILL in the middle of the stream`, async (t) => {
    router = startProductProcess('router');
    const chunks = streamChunks();
    const committedBefore = await committedSum();

    // The stream flows in the background, 40 chunks 50 ms apart, while the router works; its
    // second half only after the kill, so the router dies mid-stream however fast it is.
    let killed!: () => void;
    const afterKill = new Promise<void>((resolve) => (killed = resolve));
    const streaming = (async () => {
      for (const [index, chunk] of chunks.entries()) {
        if (index === CHUNKS / 2) await afterKill;
        await producer.send({ topic: topics.customerEvents, messages: chunk.map(toMessage) });
        await delay(50);
      }
    })();
    // Kill it once it has committed part of the stream (so it was at work), not before.
    await waitFor(async () => ((await committedSum()) > committedBefore ? true : undefined), {
      timeoutMs: 60_000,
      what: 'the router to commit a first batch',
    });
    await router.kill();
    killed();
    // A customer whose partition the router had not reached yet has no workflow: 0 applied.
    const atKill = await Promise.all(customers.map(appliedSoFar));
    const appliedAtKill = atKill.reduce((sum, applied) => sum + applied, 0);
    assert.ok(appliedAtKill < CUSTOMERS * EVENTS_PER_CUSTOMER, `killed mid-stream (${appliedAtKill} applied)`);

    await streaming;
    router = startProductProcess('router');
    await waitForGroupCaughtUp(kafka, consumerGroups.router, 120_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\nrouter log:\n${router?.output()}`);
    });

    const states = await statesOfAll();
    assert.deepEqual(
      states.map((state) => state.eventsApplied),
      customers.map(() => EVENTS_PER_CUSTOMER),
    );
    t.diagnostic(
      `applied when killed: ${appliedAtKill}; repeats ignored after the restart: ${states.reduce((sum, state) => sum + state.repeatsIgnored, 0)}`,
    );
  });

  it('a full redelivery of the stream (offsets rewound to before it) applies nothing twice', async () => {
    const before = await statesOfAll();
    await router?.stop();
    // The group is empty once the router left it, so its offsets may be set.
    const admin = kafka.admin();
    await admin.connect();
    await admin.setOffsets({ groupId: consumerGroups.router, topic: topics.customerEvents, partitions: streamStart });
    await admin.disconnect();

    router = startProductProcess('router');
    await waitForGroupCaughtUp(kafka, consumerGroups.router, 120_000);
    const afterRedelivery = await statesOfAll();
    assert.deepEqual(
      afterRedelivery.map((state) => state.eventsApplied),
      customers.map(() => EVENTS_PER_CUSTOMER),
    );
    assert.deepEqual(
      afterRedelivery.map((state, i) => state.repeatsIgnored - before[i]!.repeatsIgnored),
      customers.map(() => EVENTS_PER_CUSTOMER),
    );
  });
});
