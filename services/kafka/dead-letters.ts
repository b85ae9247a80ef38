import type { KafkaMessage, Producer } from 'kafkajs';
import { topics } from '../../schemas/names.ts';

/** Parks an unreadable message with the reason in its headers, so its partition keeps flowing. */
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
          'dlq-reason': reason,
          'dlq-origin': `${origin.topic}/${origin.partition}/${origin.message.offset}`,
        },
      },
    ],
  });
}
