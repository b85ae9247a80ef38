/**
 * The one envelope every customer event travels in, on Kafka and into Temporal.
 * JSON-safe: times are ISO strings, no Date, no transforms.
 */
import { z } from 'zod';
import { isKnownEvent, knownEvents, type KnownEventName, type PayloadOf } from './events.ts';

export const CustomerEventEnvelope = z.object({
  eventId: z.string().min(1).max(200),
  customerId: z.string().min(1).max(200),
  type: z.string().min(1).max(200),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  receivedAt: z.iso.datetime({ offset: true }),
  source: z.string().min(1),
  payload: z.record(z.string(), z.unknown()),
});
export type CustomerEventEnvelope = z.infer<typeof CustomerEventEnvelope>;

/** An envelope whose payload has been checked against its known event schema. */
export type CustomerEvent<Name extends KnownEventName = KnownEventName> = Omit<CustomerEventEnvelope, 'type' | 'payload'> & {
  type: Name;
  payload: PayloadOf<Name>;
};

export type EnvelopeCheck =
  | { ok: true; envelope: CustomerEventEnvelope }
  | { ok: false; issues: { path: string; message: string }[] };

/**
 * Validates an envelope and, for known event types, its payload. Issue paths name the
 * field as the producer wrote it (e.g. `payload.cart_id`).
 */
export function checkEnvelope(input: unknown): EnvelopeCheck {
  const parsed = CustomerEventEnvelope.safeParse(input);
  if (!parsed.success) return { ok: false, issues: describeIssues(parsed.error) };
  const envelope = parsed.data;
  if (isKnownEvent(envelope.type)) {
    const payload = knownEvents[envelope.type].payload.safeParse(envelope.payload);
    if (!payload.success) return { ok: false, issues: describeIssues(payload.error, ['payload']) };
  }
  return { ok: true, envelope };
}

export function isEvent<Name extends KnownEventName>(event: CustomerEventEnvelope, name: Name): event is CustomerEventEnvelope & CustomerEvent<Name> {
  return event.type === name;
}

export function describeIssues(error: z.ZodError, prefix: PropertyKey[] = []): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join('.') || '(root)',
    message: issue.message,
  }));
}
