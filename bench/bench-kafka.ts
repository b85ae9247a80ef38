/**
 * Topics of the benchmark's own, so that its hundreds of thousands of events never reach the
 * product's customer-events (and its projections and rebuilds). Deleted afterwards.
 */
import type { Kafka, Message } from 'kafkajs';
import { createProducer, localTopicSettings } from '../services/platform/kafka/client.ts';

export async function createBenchTopic(kafka: Kafka, name: string): Promise<string> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic: name, numPartitions: localTopicSettings.customerEventPartitions, replicationFactor: 1 }],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
  return name;
}

export async function deleteBenchTopics(kafka: Kafka, names: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: names });
  } finally {
    await admin.disconnect();
  }
}

/** Writes messages in chunks (one request per chunk), as a busy producer would. */
export async function produceAll(kafka: Kafka, topic: string, messages: Message[], chunk = 1_000): Promise<void> {
  const producer = createProducer(kafka);
  await producer.connect();
  try {
    for (let i = 0; i < messages.length; i += chunk) await producer.send({ topic, acks: -1, messages: messages.slice(i, i + chunk) });
  } finally {
    await producer.disconnect();
  }
}
