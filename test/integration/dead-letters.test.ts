/**
 * Producers may write to Kafka directly. A schema-invalid message, and one whose values the
 * event store could not hold (a NUL character, which PostgreSQL's jsonb refuses; the router
 * skips it by the same check, so no workflow applies it either), go to the dead-letter
 * topic with the reason, and the events behind them on the same partition still flow.
 * Operators list and re-drive them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kafka, Producer } from 'kafkajs';
import { topics } from '../../schemas/names.ts';
import { loadConfig } from '../../services/platform/config.ts';
import { createDb, type Db } from '../../services/platform/db/pool.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { createKafka, createProducer, partitionCount } from '../../services/platform/kafka/client.ts';
import { partitionOfKey, toMessage } from '../../services/platform/kafka/customer-events.ts';
import { listDeadLetters, redriveDeadLetters } from '../../services/platform/kafka/dead-letters.ts';
import { createLogger } from '../../services/platform/logger.ts';
import { startProduct, type RunningProduct } from '../../services/processes/composition-root.ts';
import { customerEvent, uniqueId } from '../support/fixtures.ts';
import { waitForProjected } from '../support/pipeline.ts';

const config = loadConfig({ ...process.env, METRICS_PORT: '0', LOG_LEVEL: 'error' });
const logger = createLogger('error');
let product: RunningProduct;
let db: Db;
let kafka: Kafka;
let producer: Producer;

before(async () => {
  product = await startProduct(config, logger, ['projector']);
  db = createDb(config.databaseUrl);
  kafka = createKafka(config.kafka.brokers, 'dead-letter-test', logger);
  producer = createProducer(kafka);
  await producer.connect();
});

after(async () => {
  await producer?.disconnect();
  await db?.end();
  await product?.stop();
});

const lettersFor = async (customerId: string) => (await listDeadLetters(kafka)).filter((letter) => letter.key === customerId);

describe('dead letters', () => {
  it('parks an invalid message and one the event store could not hold, with their reasons, and the partition keeps flowing', async () => {
    const customerId = uniqueId('direct');
    const invalid = {
      ...toMessage(customerEvent(customerId, 'Product Viewed', { product_id: 'p-1' })),
      value: JSON.stringify({ customerId, type: 'Order Completed' }),
    };
    // Written as a direct producer would: the NUL reaches Kafka, and stops at our consumers.
    const unstorable = { ...toMessage(customerEvent(customerId, 'Product Viewed', { product_id: 'p-1' })) };
    unstorable.value = String(unstorable.value).replace('"p-1"', '"p-\\u0000"');
    const after = customerEvent(customerId, 'Identify', { email: `${customerId}@example.com` });
    await producer.send({ topic: topics.customerEvents, acks: -1, messages: [invalid, unstorable, toMessage(after)] });

    await waitForProjected(db, [after.eventId]);
    const letters = await waitFor(
      async () => {
        const found = await lettersFor(customerId);
        return found.length === 2 ? found : undefined;
      },
      { timeoutMs: 30_000, what: 'two dead letters' },
    );
    assert.match(letters[0]?.reason ?? '', /^invalid: .*eventId/);
    assert.match(letters[1]?.reason ?? '', /^invalid: payload\.product_id: contains a NUL character/);
    assert.match(letters[0]?.origin ?? '', /^customer-events\/\d+\/\d+$/);
  });

  it("parks an event written to another partition than its key's (another client's partitioner), and a re-drive puts it where it belongs", async () => {
    const customerId = uniqueId('misplaced');
    const event = customerEvent(customerId, 'Identify', { email: `${customerId}@example.com` });
    const partitions = await partitionCount(kafka, topics.customerEvents);
    const wrong = (partitionOfKey(customerId, partitions) + 1) % partitions;
    await producer.send({ topic: topics.customerEvents, acks: -1, messages: [{ ...toMessage(event), partition: wrong }] });
    const [parked] = await waitFor(
      async () => {
        const found = await lettersFor(customerId);
        return found.length === 1 ? found : undefined;
      },
      { timeoutMs: 30_000, what: 'the misplaced event parked' },
    );
    assert.match(
      parked?.reason ?? '',
      new RegExp(`^invalid: \\(partition\\): on partition ${wrong}, but its key belongs on partition \\d+: partition by murmur2`),
    );
    assert.equal((await db.query('select 1 from events where event_id = $1', [event.eventId])).rowCount, 0);
    await redriveDeadLetters(kafka, producer);
    await waitForProjected(db, [event.eventId]);
  });

  it('re-drives parked messages into customer-events, where they are validated again', async () => {
    const customerId = uniqueId('redrive');
    const invalid = { ...toMessage(customerEvent(customerId, 'Product Viewed', { product_id: 'p-1' })), value: '{"not":"an envelope"}' };
    await producer.send({ topic: topics.customerEvents, acks: -1, messages: [invalid] });
    const [parked] = await waitFor(
      async () => {
        const found = await lettersFor(customerId);
        return found.length === 1 ? found : undefined;
      },
      { timeoutMs: 30_000, what: 'the dead letter' },
    );

    const redriven = await redriveDeadLetters(kafka, producer);
    assert.ok(redriven.some((letter) => letter.position === parked?.position));
    // Still invalid, so it comes back: parked again as a new message that came from the re-drive.
    const [again] = await waitFor(
      async () => {
        const found = await lettersFor(customerId);
        return found.length === 1 && found[0]?.position !== parked?.position ? found : undefined;
      },
      { timeoutMs: 30_000, what: 'the re-driven message parked again' },
    );
    assert.match(again?.reason ?? '', /^invalid:/);
    assert.equal((await redriveDeadLetters(kafka, producer)).filter((letter) => letter.position === parked?.position).length, 0);
  });
});
