import { Kafka, logLevel, Partitioners, type Admin, type Producer } from 'kafkajs';
import { topics } from '../../schemas/names.ts';
import type { Logger } from '../logger.ts';

export function createKafka(brokers: string[], clientId: string, logger: Logger): Kafka {
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    retry: { retries: 10, initialRetryTime: 200, maxRetryTime: 5_000 },
    logCreator: () => ({ namespace, level, log }) => {
      const { message, ...fields } = log;
      const write = level <= logLevel.ERROR ? logger.error : logger.warn;
      write(`kafkajs: ${message}`, { namespace, ...fields });
    },
  });
}

/** Keys go to partitions by murmur2, as Java producers do, so direct producers agree with us. */
export function createProducer(kafka: Kafka): Producer {
  return kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
}

/** Partitions of customer-events: customers are spread over them by key; order holds per customer. */
export const CUSTOMER_EVENT_PARTITIONS = 6;

/** Creates the product's topics when missing; safe to call from every process at start. */
export async function ensureTopics(kafka: Kafka): Promise<void> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = [
      { topic: topics.customerEvents, numPartitions: CUSTOMER_EVENT_PARTITIONS },
      { topic: topics.deadLetters, numPartitions: 1 },
      { topic: topics.journeyOutcomes, numPartitions: 3 },
    ].filter(({ topic }) => !existing.has(topic));
    if (wanted.length > 0) {
      await admin.createTopics({ topics: wanted.map((t) => ({ ...t, replicationFactor: 1 })), waitForLeaders: true });
    }
  } finally {
    await admin.disconnect();
  }
}
