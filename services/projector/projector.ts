/**
 * Projector: customer-events → PostgreSQL. One transaction per batch; offsets are committed
 * only after PostgreSQL committed, so a crash replays the batch (harmless: unique event ids).
 */
import type { Consumer, Kafka, Producer } from 'kafkajs';
import { consumerGroups, topics } from '../../schemas/names.ts';
import type { Db } from '../db/pool.ts';
import { createProducer } from '../kafka/client.ts';
import { fromMessage } from '../kafka/customer-events.ts';
import { sendToDeadLetters } from '../kafka/dead-letters.ts';
import type { Logger } from '../logger.ts';
import { projectEvent } from './project-event.ts';

export interface Projector {
  stop(): Promise<void>;
}

export async function startProjector(deps: { kafka: Kafka; db: Db; logger: Logger }): Promise<Projector> {
  const { kafka, db, logger } = deps;
  const consumer: Consumer = kafka.consumer({ groupId: consumerGroups.projector });
  const producer: Producer = createProducer(kafka);
  await Promise.all([consumer.connect(), producer.connect()]);
  await consumer.subscribe({ topic: topics.customerEvents, fromBeginning: true });
  await consumer.run({
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 3,
    eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary }) => {
      const client = await db.connect();
      try {
        await client.query('begin');
        for (const message of batch.messages) {
          const checked = fromMessage(message);
          if (checked.ok) {
            await projectEvent(client, checked.envelope);
          } else {
            const reason = checked.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
            await sendToDeadLetters(producer, { topic: batch.topic, partition: batch.partition, message }, reason);
            logger.warn('invalid event sent to the dead-letter topic', { partition: batch.partition, offset: message.offset, reason });
          }
        }
        await client.query('commit');
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
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
      await producer.disconnect();
    },
  };
}
