/**
 * The one envelope every customer event travels in: over the native HTTP API, on Kafka and
 * into Temporal. JSON-safe: times are ISO strings, money is integer minor units.
 */
import { z } from 'zod';
import { isKnownEvent, knownEvents, type KnownEventName, type PayloadOf } from './catalog.ts';
import { storableIssues } from './event-limits.ts';
import { Id, IsoDateTime } from './primitives.ts';

/** W3C trace context of the request that produced the event, so one trace spans the pipeline. */
export const TraceContext = z.object({
  traceparent: z.string().regex(/^[\da-f]{2}-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/, 'must be a W3C traceparent'),
  tracestate: z.string().max(512).optional(),
});
export type TraceContext = z.infer<typeof TraceContext>;

export const CustomerEventEnvelope = z.object({
  /** Unique per event; the producer's retry of the same event keeps it (Segment's messageId). */
  eventId: Id,
  customerId: Id,
  type: z.string().min(1).max(200),
  /** The payload's schema version in the catalog. */
  version: z.number().int().positive(),
  occurredAt: IsoDateTime,
  receivedAt: IsoDateTime,
  /** Who produced it: `segment-http`, `native-http`, or a direct Kafka producer's name. */
  source: z.string().min(1).max(200),
  payload: z.record(z.string(), z.unknown()),
  traceContext: TraceContext.optional(),
});
export type CustomerEventEnvelope = z.infer<typeof CustomerEventEnvelope>;

/** An envelope whose payload has been checked against its catalog schema. */
export type CustomerEvent<Name extends KnownEventName = KnownEventName> = Omit<CustomerEventEnvelope, 'type' | 'payload'> & {
  type: Name;
  payload: PayloadOf<Name>;
};

export type FieldIssue = { path: string; message: string };
export type Checked<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

/**
 * Validates an envelope and, for catalog event types, its payload against the version it
 * names. Issue paths name the field as the producer wrote it (e.g. `payload.cart_id`).
 */
export function checkEnvelope(input: unknown, pathPrefix: PropertyKey[] = []): Checked<CustomerEventEnvelope> {
  const parsed = CustomerEventEnvelope.safeParse(input);
  if (!parsed.success) return { ok: false, issues: describeIssues(parsed.error, pathPrefix) };
  const envelope = parsed.data;
  const issues = [
    ...checkPayload(envelope.type, envelope.version, envelope.payload, [...pathPrefix, 'payload']),
    ...storableIssues(envelope, pathPrefix),
  ];
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: envelope };
}

/** Issues of a payload against the catalog; none for event types the catalog does not know. */
export function checkPayload(type: string, version: number, payload: unknown, pathPrefix: PropertyKey[]): FieldIssue[] {
  if (!isKnownEvent(type)) return [];
  const definition = knownEvents[type];
  if (version !== definition.version) {
    return [
      {
        path: [...pathPrefix.slice(0, -1), 'version'].join('.') || 'version',
        message: `"${type}" has version ${definition.version}, not ${version}`,
      },
    ];
  }
  const checked = definition.payload.safeParse(payload);
  return checked.success ? [] : describeIssues(checked.error, pathPrefix);
}

export function isEvent<Name extends KnownEventName>(
  event: CustomerEventEnvelope,
  name: Name,
): event is CustomerEventEnvelope & CustomerEvent<Name> {
  return event.type === name;
}

export function describeIssues(error: z.ZodError, prefix: PropertyKey[] = []): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join('.') || '(root)',
    message: issue.message,
  }));
}
