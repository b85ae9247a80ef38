/** Reading and writing customer-events messages: key = customer id, value = the envelope. */
import type { IHeaders, KafkaMessage, Message, Producer } from 'kafkajs';
import { checkEnvelope, type Checked, type CustomerEventEnvelope } from '../../../schemas/envelope.ts';
import { MAX_ENVELOPE_BYTES, shapeIssues } from '../../../schemas/event-limits.ts';
import { topics } from '../../../schemas/names.ts';

export function toMessage(envelope: CustomerEventEnvelope): Message {
  const headers: IHeaders = { 'event-type': envelope.type, 'event-id': envelope.eventId };
  // Trace context also rides in the headers, where Kafka tooling and other consumers look.
  if (envelope.traceContext) headers.traceparent = envelope.traceContext.traceparent;
  return { key: envelope.customerId, value: JSON.stringify(envelope), headers };
}

/** Producers may write to Kafka directly, so every consumer validates what it reads. */
export function fromMessage(message: KafkaMessage): Checked<CustomerEventEnvelope> {
  // The limits of the ingest API hold for events written to Kafka directly as well.
  if ((message.value?.length ?? 0) > MAX_ENVELOPE_BYTES)
    return { ok: false, issues: [{ path: '(value)', message: `over ${MAX_ENVELOPE_BYTES} bytes` }] };
  let value: unknown;
  try {
    value = JSON.parse(message.value?.toString('utf8') ?? '');
  } catch {
    return { ok: false, issues: [{ path: '(value)', message: 'not JSON' }] };
  }
  const tooComplex = shapeIssues(value, '(value)');
  if (tooComplex.length > 0) return { ok: false, issues: tooComplex };
  const checked = checkEnvelope(value);
  if (checked.ok && message.key?.toString('utf8') !== checked.value.customerId) {
    // The key decides the partition, and so the order of a customer's events.
    return { ok: false, issues: [{ path: '(key)', message: 'the message key must be the customerId' }] };
  }
  return checked;
}

export function describeRejection(issues: { path: string; message: string }[]): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
}

/** Events the product itself observes (an expired push subscription…) join the log like any other. */
export interface EventLogWriter {
  append(events: CustomerEventEnvelope[]): Promise<void>;
}

export function createEventLogWriter(producer: Producer, topic: string = topics.customerEvents): EventLogWriter {
  return {
    async append(events) {
      if (events.length > 0) await producer.send({ topic, acks: -1, messages: events.map(toMessage) });
    },
  };
}
