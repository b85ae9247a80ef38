/**
 * Projector: customer-events → PostgreSQL. One transaction per batch; offsets are committed
 * only after PostgreSQL committed, so a crash replays the batch (harmless: unique event ids).
 * A message that fails validation, or whose data PostgreSQL rejects (a poison message), goes
 * to the dead-letter topic with the reason, and the partition keeps flowing; any other
 * error (the database is down) fails the batch, which Kafka then redelivers.
 */
import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type pg from 'pg';
import { consumerGroups, topics } from '../../../schemas/names.ts';
import { inTransaction, type Db } from '../../platform/db/pool.ts';
import { createProducer, partitionCount } from '../../platform/kafka/client.ts';
import { IdentitiesMerged } from '../../../schemas/events/profile.ts';
import type { CustomerEventEnvelope } from '../../../schemas/envelope.ts';
import type { SegmentDefinition } from '../../../segments/define.ts';
import { createEventLogWriter, describeRejection, fromMessage, type Placement } from '../../platform/kafka/customer-events.ts';
import { startSegmentPublisher } from '../../platform/segments/publisher.ts';
import { startOutboxPublisher } from '../../platform/outbox/event-outbox.ts';
import { sendToDeadLetters } from '../../platform/kafka/dead-letters.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Metrics } from '../../platform/telemetry/metrics.ts';
import type { ShopCurrency } from '../../platform/shop-currency.ts';
import { saveCurrencyRates } from './customer-metrics.ts';
import { PROJECTION_LOCK } from './locks.ts';
import { defaultProjectionRules, projectEvent, type ProjectionRules } from './project-event.ts';
import { refreshSegmentsAfter } from './segments.ts';

export interface Projector {
  stop(): Promise<void>;
}

interface Rejected {
  message: KafkaMessage;
  reason: string;
}

/** SQLSTATE classes 22 (data exception) and 23 (integrity): the data is at fault, retrying cannot help. */
export function isDataError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

type CheckedMessage = { message: KafkaMessage; checked: ReturnType<typeof fromMessage> };

export function checkMessages(messages: KafkaMessage[], placement?: Placement): CheckedMessage[] {
  return messages.map((message) => ({ message, checked: fromMessage(message, placement) }));
}

/**
 * A merge moves rows of two customers that batches of other partitions may be writing at
 * the same time: a batch with one runs alone (the projection lock taken exclusively), so
 * no event of the merged id commits unseen by the merge, or resolved before it.
 */
const carriesMerge = (messages: CheckedMessage[]) =>
  messages.some(({ checked }) => checked.ok && checked.value.type === IdentitiesMerged.name);

/**
 * Projects messages in one transaction; returns those that must go to the dead-letter topic.
 * `onProjected` hears each event projected now (not those projected before).
 */
export async function projectMessages(
  client: pg.ClientBase,
  messages: CheckedMessage[],
  onProjected?: (event: CustomerEventEnvelope) => void,
  rules: ProjectionRules = defaultProjectionRules,
): Promise<Rejected[]> {
  const rejected: Rejected[] = [];
  for (const { message, checked } of messages) {
    if (!checked.ok) {
      rejected.push({ message, reason: `invalid: ${describeRejection(checked.issues)}` });
      continue;
    }
    await client.query('savepoint event');
    try {
      if (await projectEvent(client, checked.value, rules)) onProjected?.(checked.value);
      await client.query('release savepoint event');
    } catch (error) {
      if (!isDataError(error)) throw error;
      await client.query('rollback to savepoint event');
      rejected.push({ message, reason: `rejected by PostgreSQL (${error.code}): ${error.message}` });
    }
  }
  return rejected;
}

export async function startProjector(deps: {
  kafka: Kafka;
  db: Db;
  logger: Logger;
  metrics: Metrics;
  shopCurrency: ShopCurrency;
  segments: readonly SegmentDefinition[];
  /** The configured projection rules (double opt-in countries); the defaults without them. */
  rules?: ProjectionRules;
}): Promise<Projector> {
  const { kafka, db, logger, metrics } = deps;
  await saveCurrencyRates(db, deps.shopCurrency);
  const consumer: Consumer = kafka.consumer({ groupId: consumerGroups.projector });
  const producer: Producer = createProducer(kafka);
  await Promise.all([consumer.connect(), producer.connect()]);
  const segmentPublisher = startSegmentPublisher({ db, log: createEventLogWriter(producer), logger });
  // Events decided while projecting (a coupon's use on an order) wait in the outbox.
  const outboxPublisher = startOutboxPublisher({ db, log: createEventLogWriter(producer), logger });
  await consumer.subscribe({ topic: topics.customerEvents, fromBeginning: true });
  const partitions = await partitionCount(kafka, topics.customerEvents);
  await consumer.run({
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 3,
    eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary }) => {
      metrics.consumerLag(consumerGroups.projector, batch.partition, Number(batch.offsetLag()));
      const messages = checkMessages(batch.messages, { partition: batch.partition, partitions });
      const { rejected, segmentChanges } = await inTransaction(db, async (client) => {
        // Shared: batches run side by side; a projection rebuild takes it exclusively to swap tables, and so does a merge.
        const lock = carriesMerge(messages) ? 'pg_advisory_xact_lock' : 'pg_advisory_xact_lock_shared';
        await client.query(`select ${lock}($1)`, [PROJECTION_LOCK]);
        const projected: CustomerEventEnvelope[] = [];
        const rejected = await projectMessages(client, messages, (event) => projected.push(event), deps.rules);
        const segmentChanges = await refreshSegmentsAfter(client, projected, deps.segments);
        return { rejected, segmentChanges };
      });
      if (segmentChanges.length > 0) segmentPublisher.kick();
      outboxPublisher.kick();
      for (const { message, reason } of rejected) {
        await sendToDeadLetters(producer, { topic: batch.topic, partition: batch.partition, message }, reason);
        // The reason may quote the data; the log gets only where the message was (no PII in logs).
        const kind = reason.startsWith('invalid') ? 'invalid' : 'poison';
        logger.warn('event sent to the dead-letter topic', { partition: batch.partition, offset: message.offset, kind });
        metrics.deadLettered('projector', kind);
      }
      for (const message of batch.messages) resolveOffset(message.offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    },
  });
  logger.info('projector consuming', { topic: topics.customerEvents });
  return {
    async stop() {
      await consumer.disconnect();
      await segmentPublisher.stop();
      await outboxPublisher.stop();
      await producer.disconnect();
    },
  };
}
