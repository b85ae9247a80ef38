/** Reading and writing customer-events messages: key = customer id, value = the envelope. */
import { Partitioners, type IHeaders, type KafkaMessage, type Message, type Producer } from 'kafkajs';
import { checkEnvelope, type Checked, type CustomerEventEnvelope } from '../../../schemas/envelope.ts';
import { MAX_ENVELOPE_BYTES, shapeIssues } from '../../../schemas/event-limits.ts';
import { topics } from '../../../schemas/names.ts';

export function toMessage(envelope: CustomerEventEnvelope): Message {
  const headers: IHeaders = { 'event-type': envelope.type, 'event-id': envelope.eventId };
  // Trace context also rides in the headers, where Kafka tooling and other consumers look.
  if (envelope.traceContext) headers.traceparent = envelope.traceContext.traceparent;
  return { key: envelope.customerId, value: JSON.stringify(envelope), headers };
}

// kafkajs's default partitioner is the Java client's: murmur2 of the key, modulo the partitions.
const javaPartitioner = Partitioners.DefaultPartitioner();

/** The partition the Java client (and our ingest API) puts a key on. */
export function partitionOfKey(key: string, partitions: number): number {
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
    partitionErrorCode: 0,
  }));
  return javaPartitioner({ topic: topics.customerEvents, partitionMetadata, message: { key, value: null } });
}

/** Where a message was read: its partition, of how many the topic has. */
export interface Placement {
  partition: number;
  partitions: number;
}

/**
 * Producers may write to Kafka directly, so every consumer validates what it reads. With
 * `placement`, a message on another partition than its key's is refused too: a producer
 * partitioning otherwise (librdkafka's default, in kcat and confluent-kafka clients) would
 * interleave a customer's events out of order with the ingest API's.
 */
export function fromMessage(message: KafkaMessage, placement?: Placement): Checked<CustomerEventEnvelope> {
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
  const expected = checked.ok && placement ? partitionOfKey(checked.value.customerId, placement.partitions) : undefined;
  if (placement && expected !== undefined && expected !== placement.partition) {
    const message = `on partition ${placement.partition}, but its key belongs on partition ${expected}: partition by murmur2 of the key (the Java client's default; librdkafka: partitioner=murmur2_random)`;
    return { ok: false, issues: [{ path: '(partition)', message }] };
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
