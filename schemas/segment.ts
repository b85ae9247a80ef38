/**
 * Segment HTTP Tracking API calls (track, identify) and their mapping to our envelope, so
 * that producers already instrumented for Segment can point their client at us unchanged.
 */
import { z } from 'zod';
import { describeIssues, type CustomerEventEnvelope } from './envelope.ts';
import { Identify, isKnownEvent, knownEvents } from './events.ts';

const isoTimestamp = z.iso.datetime({ offset: true });

const common = {
  userId: z.string().min(1).max(200).optional(),
  anonymousId: z.string().min(1).max(200).optional(),
  messageId: z.string().min(1).max(200).optional(),
  timestamp: isoTimestamp.optional(),
  context: z.record(z.string(), z.unknown()).optional(),
};

export const SegmentTrack = z.object({
  ...common,
  type: z.literal('track').optional(),
  event: z.string().min(1).max(200),
  properties: z.record(z.string(), z.unknown()).optional(),
});
export type SegmentTrack = z.infer<typeof SegmentTrack>;

export const SegmentIdentify = z.object({
  ...common,
  type: z.literal('identify').optional(),
  traits: z.record(z.string(), z.unknown()).optional(),
});
export type SegmentIdentify = z.infer<typeof SegmentIdentify>;

export type SegmentCall = 'track' | 'identify';
export type FieldIssue = { path: string; message: string };
export type SegmentConversion = { ok: true; envelope: CustomerEventEnvelope } | { ok: false; issues: FieldIssue[] };

export const SEGMENT_SOURCE = 'segment-http';

/** Both ids are optional in Segment, but one of them names the customer. */
function customerIdOf(call: { userId?: string | undefined; anonymousId?: string | undefined }): string | undefined {
  return call.userId ?? (call.anonymousId ? `anonymous:${call.anonymousId}` : undefined);
}

export function segmentToEnvelope(
  call: SegmentCall,
  body: unknown,
  received: { at: string; newEventId: () => string },
): SegmentConversion {
  const parsed = call === 'track' ? SegmentTrack.safeParse(body) : SegmentIdentify.safeParse(body);
  if (!parsed.success) return { ok: false, issues: describeIssues(parsed.error) };
  const message = parsed.data;
  const customerId = customerIdOf(message);
  if (!customerId) return { ok: false, issues: [{ path: 'userId', message: 'userId or anonymousId is required' }] };

  const [type, payload, payloadField] =
    'event' in message ? [message.event, message.properties ?? {}, 'properties'] : [Identify.name, message.traits ?? {}, 'traits'];
  let version = 1;
  if (isKnownEvent(type)) {
    const checked = knownEvents[type].payload.safeParse(payload);
    if (!checked.success) return { ok: false, issues: describeIssues(checked.error, [payloadField]) };
    version = knownEvents[type].version;
  }
  return {
    ok: true,
    envelope: {
      eventId: message.messageId ?? received.newEventId(),
      customerId,
      type,
      version,
      occurredAt: message.timestamp ?? received.at,
      receivedAt: received.at,
      source: SEGMENT_SOURCE,
      payload,
    },
  };
}
