/**
 * The dead-letter topic: messages a consumer could not use, each with the reason and its
 * origin in headers, so that the partition they came from keeps flowing. Operators list
 * them and, once the cause is fixed (a catalog change, a repaired producer), re-drive them
 * into customer-events, where the consumers validate them again.
 */
import type { IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { consumerGroups, topics } from '../../../schemas/names.ts';
import { readToEnd } from './read-to-end.ts';

export const deadLetterHeaders = { reason: 'dlq-reason', origin: 'dlq-origin', redrivenFrom: 'redriven-from' } as const;

/** Parks an unusable message with the reason in its headers. */
export async function sendToDeadLetters(
  producer: Producer,
  origin: { topic: string; partition: number; message: KafkaMessage },
  reason: string,
): Promise<void> {
  await producer.send({
    topic: topics.deadLetters,
    acks: -1,
    messages: [
      {
        key: origin.message.key,
        value: origin.message.value,
        headers: {
          ...origin.message.headers,
          [deadLetterHeaders.reason]: reason,
          [deadLetterHeaders.origin]: `${origin.topic}/${origin.partition}/${origin.message.offset}`,
        },
      },
    ],
  });
}

export interface DeadLetter {
  /** Where it sits in the dead-letter topic: `partition/offset`. */
  position: string;
  origin: string;
  reason: string;
  key: string | null;
  eventType: string | null;
  eventId: string | null;
  parkedAt: string;
}

const header = (headers: IHeaders | undefined, name: string) => headers?.[name]?.toString() ?? null;

function describe(partition: number, message: KafkaMessage): DeadLetter {
  return {
    position: `${partition}/${message.offset}`,
    origin: header(message.headers, deadLetterHeaders.origin) ?? '?',
    reason: header(message.headers, deadLetterHeaders.reason) ?? '?',
    key: message.key?.toString() ?? null,
    eventType: header(message.headers, 'event-type'),
    eventId: header(message.headers, 'event-id'),
    parkedAt: new Date(Number(message.timestamp)).toISOString(),
  };
}

/** Every message not yet re-driven, oldest first. */
export async function listDeadLetters(kafka: Kafka): Promise<DeadLetter[]> {
  const redriven = await redrivenUpTo(kafka);
  const letters: DeadLetter[] = [];
  await readToEnd(kafka, topics.deadLetters, ({ partition, messages }) => {
    for (const message of messages)
      if (BigInt(message.offset) >= (redriven.get(partition) ?? 0n)) letters.push(describe(partition, message));
    return Promise.resolve();
  });
  return letters;
}

/** Re-publishes every message not yet re-driven to customer-events; returns them. */
export async function redriveDeadLetters(kafka: Kafka, producer: Producer): Promise<DeadLetter[]> {
  const redriven: DeadLetter[] = [];
  await readToEnd(
    kafka,
    topics.deadLetters,
    async ({ partition, messages }) => {
      await producer.send({
        topic: topics.customerEvents,
        acks: -1,
        messages: messages.map((message) => ({
          key: message.key,
          value: message.value,
          headers: {
            ...withoutDeadLetterHeaders(message.headers),
            [deadLetterHeaders.redrivenFrom]: `${topics.deadLetters}/${partition}/${message.offset}`,
          },
        })),
      });
      redriven.push(...messages.map((message) => describe(partition, message)));
    },
    { groupId: consumerGroups.deadLetterRedrive },
  );
  return redriven;
}

function withoutDeadLetterHeaders(headers: IHeaders = {}): IHeaders {
  const kept: IHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!name.startsWith('dlq-') && value !== undefined) kept[name] = value;
  return kept;
}

async function redrivenUpTo(kafka: Kafka): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId: consumerGroups.deadLetterRedrive, topics: [topics.deadLetters] });
    return new Map((offsets?.partitions ?? []).filter((p) => p.offset !== '-1').map((p) => [p.partition, BigInt(p.offset)]));
  } finally {
    await admin.disconnect();
  }
}
