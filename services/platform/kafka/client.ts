import kafkajs, { Kafka, logLevel, Partitioners, type Admin, type KafkaConfig, type Producer } from 'kafkajs';

// Not among the names Node can see in kafkajs's CommonJS exports.
const { ConfigResourceTypes } = kafkajs;
import { topics } from '../../../schemas/names.ts';
import type { Logger } from '../logger.ts';

/** How to reach a managed Kafka: TLS (with a private CA) and SASL. The local stack needs neither. */
export interface KafkaSecurity {
  ssl: boolean;
  /** PEM of a private CA, when the brokers' certificates are not publicly trusted. */
  ca?: string;
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
}

/** kafkajs's connection options for `security`. */
export function kafkaSecurityOptions(security: KafkaSecurity | undefined): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  if (!security) return {};
  const ssl = security.ca ? { ca: [security.ca] } : security.ssl;
  // kafkajs types SASL options per mechanism; ours carry the same three fields for each.
  const sasl = security.sasl ? ({ ...security.sasl } as KafkaConfig['sasl']) : undefined;
  return { ...(ssl ? { ssl } : {}), ...(sasl ? { sasl } : {}) };
}

export function createKafka(brokers: string[], clientId: string, logger: Logger, security?: KafkaSecurity): Kafka {
  return new Kafka({
    clientId,
    brokers,
    ...kafkaSecurityOptions(security),
    logLevel: logLevel.WARN,
    retry: { retries: 10, initialRetryTime: 200, maxRetryTime: 5_000 },
    logCreator:
      () =>
      ({ namespace, level, log }) => {
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

export interface TopicSettings {
  /** Partitions of customer-events: customers are spread over them by key; order holds per customer. */
  customerEventPartitions: number;
  replicationFactor: number;
  /** False for accounts without admin rights: the topics must then exist, and are only checked. */
  create: boolean;
  /** How long journey outcomes are kept: holdout reports read 30 to 60 days back. */
  outcomesRetentionMs: number;
}

/** The local stack's: one broker. */
export const localTopicSettings: TopicSettings = {
  customerEventPartitions: 6,
  replicationFactor: 1,
  create: true,
  outcomesRetentionMs: 90 * 86_400_000,
};

function productTopics(settings: TopicSettings) {
  // Kafka is the log of record: projections are rebuilt by replaying customer-events from
  // the beginning, and parked messages wait in the DLQ until re-driven. Neither may expire.
  const keepForever = [{ name: 'retention.ms', value: '-1' }];
  return [
    { topic: topics.customerEvents, numPartitions: settings.customerEventPartitions, configEntries: keepForever },
    { topic: topics.deadLetters, numPartitions: 1, configEntries: keepForever },
    {
      topic: topics.journeyOutcomes,
      numPartitions: 3,
      configEntries: [{ name: 'retention.ms', value: String(settings.outcomesRetentionMs) }],
    },
  ];
}

/** How many partitions a topic has: consumers check that each customer's events are on their key's. */
export async function partitionCount(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const {
      topics: [described],
    } = await admin.fetchTopicMetadata({ topics: [topic] });
    return described?.partitions.length ?? 0;
  } finally {
    await admin.disconnect();
  }
}

/** Creates the product's topics when missing (or checks that they exist); safe to call from every process at start. */
export async function ensureTopics(kafka: Kafka, settings: TopicSettings = localTopicSettings): Promise<void> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = productTopics(settings).filter(({ topic }) => !existing.has(topic));
    if (!settings.create) {
      if (wanted.length > 0)
        throw new Error(
          `Kafka topics missing: ${wanted.map(({ topic }) => topic).join(', ')} (create them, or set KAFKA_CREATE_TOPICS=true)`,
        );
      return;
    }
    if (wanted.length > 0) {
      await admin.createTopics({
        topics: wanted.map((t) => ({ ...t, replicationFactor: settings.replicationFactor })),
        waitForLeaders: true,
      });
    }
    // Topics made by an older version, or by hand, get the retention the product relies on.
    const older = productTopics(settings).filter(({ topic, configEntries }) => existing.has(topic) && configEntries.length > 0);
    if (older.length > 0) {
      await admin.alterConfigs({
        validateOnly: false,
        resources: older.map(({ topic, configEntries }) => ({ type: ConfigResourceTypes.TOPIC, name: topic, configEntries })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}
