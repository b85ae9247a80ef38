/**
 * Reads a topic up to the end it had when the read began, then stops: for commands that
 * work on the log as a whole (projection rebuilds, listing and re-driving dead letters).
 * kafkajs has no manual partition assignment, so the read runs as a consumer group: a
 * throwaway one by default, or a named one whose committed offsets say where the previous
 * read stopped (then each batch is committed once `handle` returned).
 */
import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';

export interface TopicBatch {
  partition: number;
  messages: KafkaMessage[];
}

export interface ReadOptions {
  /** A durable group continues where it stopped; without one, the read starts at the beginning. */
  groupId?: string;
}

export async function readToEnd(
  kafka: Kafka,
  topic: string,
  handle: (batch: TopicBatch) => Promise<void>,
  options: ReadOptions = {},
): Promise<void> {
  const groupId = options.groupId ?? `journeys-read-${randomUUID()}`;
  const admin = kafka.admin();
  await admin.connect();
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  try {
    const ends = new Map(
      (await admin.fetchTopicOffsets(topic)).map(({ partition, offset, low }) => [partition, { end: BigInt(offset), low: BigInt(low) }]),
    );
    const committed = options.groupId ? await admin.fetchOffsets({ groupId, topics: [topic] }) : [];
    const startOf = (partition: number) => {
      const offset = committed[0]?.partitions.find((p) => p.partition === partition)?.offset;
      return offset !== undefined && offset !== '-1' ? BigInt(offset) : (ends.get(partition)?.low ?? 0n);
    };
    const remaining = new Set([...ends].filter(([partition, { end }]) => startOf(partition) < end).map(([partition]) => partition));
    if (remaining.size === 0) return;

    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let failed: (error: unknown) => void = () => undefined;
    const finished = new Promise<void>((resolve, reject) => {
      failed = reject;
      consumer
        .run({
          autoCommit: Boolean(options.groupId),
          eachBatchAutoResolve: false,
          eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary }) => {
            const end = ends.get(batch.partition)?.end ?? 0n;
            const messages = batch.messages.filter((message) => BigInt(message.offset) < end);
            try {
              if (messages.length > 0) await handle({ partition: batch.partition, messages });
            } catch (error) {
              failed(error);
              throw error;
            }
            for (const message of messages) resolveOffset(message.offset);
            if (options.groupId) await commitOffsetsIfNecessary();
            await heartbeat();
            const last = messages.at(-1);
            if (last && BigInt(last.offset) + 1n >= end) {
              remaining.delete(batch.partition);
              if (remaining.size === 0) resolve();
            }
          },
        })
        .catch(reject);
    });
    await finished;
  } finally {
    await consumer.disconnect();
    if (!options.groupId) await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
