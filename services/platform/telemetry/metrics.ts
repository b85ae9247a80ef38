/**
 * The metrics operators watch: what ingest accepted and rejected (per event type), how far
 * each consumer is behind (per partition), what went to the dead-letter topic, and how long
 * signals take, as an RPC and from the moment an event was received.
 */
import type { Meter } from '@opentelemetry/api';
import { isKnownEvent } from '../../../schemas/catalog.ts';

// Producers name events freely; a label per unknown name would grow without bound.
const typeLabel = (type: string) => (isKnownEvent(type) ? type : 'other');

export interface Metrics {
  eventsAccepted(type: string): void;
  eventsRejected(type: string): void;
  deadLettered(consumer: string, kind: string): void;
  consumerLag(group: string, partition: number, lag: number): void;
  signalSent(rpcMs: number, sinceReceivedMs: number[]): void;
  /** Events the router found on another partition than their key's (a producer partitioning otherwise). */
  wrongPartition(events: number): void;
}

export function createMetrics(meter: Meter): Metrics {
  const accepted = meter.createCounter('journeys_ingest_events_accepted', { description: 'Events acknowledged by Kafka, per type' });
  const rejected = meter.createCounter('journeys_ingest_events_rejected', {
    description: 'Events of rejected requests, per declared type',
  });
  const deadLetters = meter.createCounter('journeys_dead_letters', {
    description: 'Messages sent to the dead-letter topic, per consumer and kind',
  });
  const lagGauge = meter.createObservableGauge('journeys_consumer_lag', {
    description: 'Messages behind the end of customer-events, per group and partition',
  });
  const lags = new Map<string, { group: string; partition: number; lag: number }>();
  lagGauge.addCallback((result) => {
    for (const { group, partition, lag } of lags.values()) result.observe(lag, { group, partition: String(partition) });
  });
  const rpc = meter.createHistogram('journeys_signal_rpc_ms', { description: 'signalWithStart round trip', unit: 'ms' });
  const misplaced = meter.createCounter('journeys_wrong_partition_events', {
    description: "Events on another partition than their key's, which consumers park in the dead-letter topic",
  });
  const endToEnd = meter.createHistogram('journeys_event_to_signal_ms', {
    description: 'From ingest receiving an event to Temporal accepting its signal',
    unit: 'ms',
  });

  return {
    eventsAccepted: (type) => accepted.add(1, { type: typeLabel(type) }),
    eventsRejected: (type) => rejected.add(1, { type: typeLabel(type) }),
    deadLettered: (consumer, kind) => deadLetters.add(1, { consumer, kind }),
    consumerLag: (group, partition, lag) => lags.set(`${group}/${partition}`, { group, partition, lag }),
    wrongPartition: (events) => misplaced.add(events),
    signalSent: (rpcMs, sinceReceivedMs) => {
      rpc.record(rpcMs);
      for (const ms of sinceReceivedMs) endToEnd.record(ms);
    },
  };
}
