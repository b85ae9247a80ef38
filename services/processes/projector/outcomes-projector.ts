/**
 * The journey reports' projector: journey-outcomes → the analytics tables (one transaction
 * per batch, offsets committed after PostgreSQL committed; a batch read again is a no-op).
 * It runs in the projector process beside the customer-events projector. A record that is
 * not a journey outcome is logged with its place and skipped: the publisher is ours, so it
 * can only come from a bug or another writer, and it must not stop the reports.
 */
import type { Kafka } from 'kafkajs';
import { consumerGroups, topics } from '../../../schemas/names.ts';
import { ANALYTICS_LOCK, projectOutcomeMessages } from '../../platform/analytics/outcome-projection.ts';
import { inTransaction, type Db } from '../../platform/db/pool.ts';
import type { Logger } from '../../platform/logger.ts';

export async function startOutcomesProjector(deps: { kafka: Kafka; db: Db; logger: Logger }): Promise<{ stop(): Promise<void> }> {
  const { kafka, db, logger } = deps;
  const consumer = kafka.consumer({ groupId: consumerGroups.analytics });
  await consumer.connect();
  await consumer.subscribe({ topic: topics.journeyOutcomes, fromBeginning: true });
  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary }) => {
      const invalid = await inTransaction(db, async (client) => {
        await client.query('select pg_advisory_xact_lock_shared($1)', [ANALYTICS_LOCK]);
        return projectOutcomeMessages(client, batch.messages);
      });
      for (const offset of invalid) logger.warn('not a journey outcome: skipped', { partition: batch.partition, offset });
      for (const message of batch.messages) resolveOffset(message.offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    },
  });
  logger.info('journey analytics consuming', { topic: topics.journeyOutcomes });
  return { stop: () => consumer.disconnect() };
}
