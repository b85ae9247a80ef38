/** Reading and writing customer-events messages: key = customer id, value = the envelope. */
import type { KafkaMessage, Message } from 'kafkajs';
import { checkEnvelope, type CustomerEventEnvelope, type EnvelopeCheck } from '../../schemas/envelope.ts';

export function toMessage(envelope: CustomerEventEnvelope): Message {
  return {
    key: envelope.customerId,
    value: JSON.stringify(envelope),
    headers: { 'event-type': envelope.type, 'event-id': envelope.eventId },
  };
}

/** Producers may write to Kafka directly, so every consumer validates what it reads. */
export function fromMessage(message: KafkaMessage): EnvelopeCheck {
  let value: unknown;
  try {
    value = JSON.parse(message.value?.toString('utf8') ?? '');
  } catch {
    return { ok: false, issues: [{ path: '(value)', message: 'not JSON' }] };
  }
  return checkEnvelope(value);
}
