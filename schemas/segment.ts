/**
 * Segment's HTTP Tracking API calls (track, identify, page, screen, group, alias, and
 * batches of them; RudderStack speaks the same) and
 * their mapping to our envelope, so that producers instrumented for Segment point their
 * client at us unchanged. Segment writes money as decimals in `currency` (default USD); the
 * catalog keeps integer minor units, so amounts are converted here, at the edge.
 */
import { z } from 'zod';
import { isKnownEvent, knownEvents } from './catalog.ts';
import { checkPayload, describeIssues, type Checked, type CustomerEventEnvelope, type FieldIssue } from './envelope.ts';
import { Alias, Group, Identify, PageViewed, ScreenViewed } from './events/profile.ts';
import { storableIssues } from './event-limits.ts';
import { customerIdOf, identitiesMergedEvent, mergedIdsOf, type CallIds } from './identity.ts';
import { CurrencyCode, moneyFromDecimal } from './primitives.ts';

export const SEGMENT_SOURCE = 'segment-http';
export const segmentCalls = ['track', 'identify', 'page', 'screen', 'group', 'alias'] as const;
export type SegmentCall = (typeof segmentCalls)[number];

const common = {
  // Segment's browser library sends `"userId": null` for visitors.
  userId: z.string().min(1).max(200).nullish(),
  // Our customer id for it is `anonymous:<anonymousId>`, which must fit an Id (200).
  anonymousId: z.string().min(1).max(190).nullish(),
  messageId: z.string().min(1).max(200).optional(),
  timestamp: z.iso.datetime({ offset: true }).optional(),
  /** When the SDK queued the call, by the device's clock; `sentAt` is when it sent it, by the same clock. */
  originalTimestamp: z.iso.datetime({ offset: true }).optional(),
  sentAt: z.iso.datetime({ offset: true }).optional(),
  context: z.record(z.string(), z.unknown()).optional(),
  /** Browser SDKs send the write key in the body rather than in Basic auth. */
  writeKey: z.string().optional(),
};
const properties = z.record(z.string(), z.unknown()).optional();

const callSchemas = {
  track: z.object({ ...common, type: z.literal('track').optional(), event: z.string().min(1).max(200), properties }),
  identify: z.object({ ...common, type: z.literal('identify').optional(), traits: properties }),
  page: z.object({ ...common, type: z.literal('page').optional(), name: z.string().max(500).optional(), properties }),
  screen: z.object({ ...common, type: z.literal('screen').optional(), name: z.string().max(500).optional(), properties }),
  group: z.object({ ...common, type: z.literal('group').optional(), groupId: z.string().min(1).max(200), traits: properties }),
  alias: z.object({ ...common, type: z.literal('alias').optional(), previousId: z.string().min(1).max(200) }),
} satisfies Record<SegmentCall, z.ZodType>;

/** Segment's money properties, in properties and in each of `products`. */
const moneyFields = ['value', 'revenue', 'total', 'subtotal', 'discount', 'shipping', 'tax', 'price'] as const;

export interface Received {
  at: string;
  newEventId: () => string;
  /** A batch's own `sentAt`, for calls that carry none. */
  sentAt?: string;
}

/**
 * When the event happened, by Segment's rule: `timestamp` as given; otherwise
 * `originalTimestamp` corrected by the device's clock skew (`receivedAt - sentAt`), so an
 * event queued in an SDK keeps its time however wrong the device's clock; otherwise now.
 */
function occurredAtOf(message: { timestamp?: string; originalTimestamp?: string; sentAt?: string }, received: Received): string {
  if (message.timestamp) return message.timestamp;
  if (!message.originalTimestamp) return received.at;
  const sentAt = message.sentAt ?? received.sentAt;
  const skew = sentAt ? Date.parse(received.at) - Date.parse(sentAt) : 0;
  return new Date(Date.parse(message.originalTimestamp) + skew).toISOString();
}

/** One call, as posted to /v1/<call> or as an item of /v1/batch (then `at` prefixes its paths). */
export function segmentToEnvelope(
  call: SegmentCall,
  body: unknown,
  received: Received,
  at: PropertyKey[] = [],
): Checked<CustomerEventEnvelope> {
  const parsed = callSchemas[call].safeParse(body);
  if (!parsed.success) return { ok: false, issues: describeIssues(parsed.error, at) };
  const message = parsed.data;
  const customerId = customerIdOf(message);
  if (!customerId) return { ok: false, issues: [{ path: [...at, 'userId'].join('.'), message: 'userId or anonymousId is required' }] };

  const [type, rawPayload, payloadField] = payloadOf(call, message);
  const converted = convertMoney(rawPayload, [...at, payloadField]);
  const version = isKnownEvent(type) ? knownEvents[type].version : 1;
  const schemaIssues = checkPayload(type, version, converted.payload, [...at, payloadField]).filter(
    (issue) => !converted.unconverted.some((field) => issue.path === field || issue.path.startsWith(`${field}.`)),
  );
  const envelope: CustomerEventEnvelope = {
    eventId: message.messageId ?? received.newEventId(),
    customerId,
    type,
    version,
    occurredAt: occurredAtOf(message, received),
    receivedAt: received.at,
    source: SEGMENT_SOURCE,
    payload: converted.payload,
  };
  const issues = [...converted.issues, ...schemaIssues];
  // Named as the producer wrote them: the payload's fields under the call's own field.
  for (const issue of storableIssues(envelope)) {
    issues.push({ ...issue, path: [...at, ...issue.path.replace(/^payload/, payloadField).split('.')].join('.') });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: envelope };
}

/**
 * The call's event, then an `Identities Merged` event for each id it joins to its customer
 * (an anonymous visitor who logged in, an alias's previous id).
 */
export function segmentCallToEnvelopes(
  call: SegmentCall,
  body: unknown,
  received: Received,
  at: PropertyKey[] = [],
): Checked<CustomerEventEnvelope[]> {
  const result = segmentToEnvelope(call, body, received, at);
  if (!result.ok) return result;
  const event = result.value;
  // Valid: the call's schema checked these ids.
  const merges = mergedIdsOf(body as CallIds).map((mergedId) =>
    identitiesMergedEvent(event.customerId, mergedId, { occurredAt: event.occurredAt, receivedAt: event.receivedAt, source: event.source }),
  );
  return { ok: true, value: [event, ...merges] };
}

type ParsedCall = z.infer<(typeof callSchemas)[SegmentCall]>;

/** The event type, its payload, and the field of the call that holds the payload. */
function payloadOf(call: SegmentCall, message: ParsedCall): [type: string, payload: Record<string, unknown>, field: string] {
  const { event, properties, traits, name, previousId, groupId } = message as {
    event?: string;
    properties?: Record<string, unknown>;
    traits?: Record<string, unknown>;
    name?: string;
    previousId?: string;
    groupId?: string;
  };
  switch (call) {
    case 'track':
      return [event ?? '', properties ?? {}, 'properties'];
    case 'identify':
      return [Identify.name, traits ?? {}, 'traits'];
    case 'page':
      return [PageViewed.name, { ...(name ? { name } : {}), ...properties }, 'properties'];
    case 'screen':
      return [ScreenViewed.name, { ...(name ? { name } : {}), ...properties }, 'properties'];
    case 'group':
      return [Group.name, { group_id: groupId, ...(traits ? { traits } : {}) }, 'traits'];
    case 'alias':
      return [Alias.name, { previous_id: previousId }, 'previousId'];
  }
}

/**
 * Decimal amounts → { amount, currency } in minor units, in properties and in each product.
 * `unconverted` lists the money fields left as they were, whose schema errors the caller
 * replaces by the clearer issue given here.
 */
function convertMoney(payload: Record<string, unknown>, at: PropertyKey[]) {
  const issues: FieldIssue[] = [];
  const unconverted: string[] = [];
  const currency = CurrencyCode.safeParse(payload.currency ?? 'USD');
  if (!currency.success) issues.push({ path: [...at, 'currency'].join('.'), message: 'must be an ISO 4217 code such as USD' });
  const convertFields = (object: Record<string, unknown>, path: PropertyKey[]) => {
    const out = { ...object };
    for (const field of moneyFields) {
      const amount = object[field];
      if (amount === undefined) continue;
      if (typeof amount === 'number' && Number.isFinite(amount) && currency.success) {
        out[field] = moneyFromDecimal(amount, currency.data);
        continue;
      }
      unconverted.push([...path, field].join('.'));
      if (currency.success) issues.push({ path: [...path, field].join('.'), message: `must be a decimal amount in ${currency.data}` });
    }
    return out;
  };
  const converted = convertFields(payload, at);
  if (Array.isArray(payload.products)) {
    converted.products = payload.products.map((product: unknown, index) =>
      product && typeof product === 'object' ? convertFields(product as Record<string, unknown>, [...at, 'products', index]) : product,
    );
  }
  return { payload: converted, issues, unconverted };
}

/** Segment's batch call: every item is checked before anything is written. */
export const SegmentBatch = z.object({
  batch: z.array(z.record(z.string(), z.unknown())).min(1, 'must hold at least one call'),
  context: z.record(z.string(), z.unknown()).optional(),
  sentAt: z.iso.datetime({ offset: true }).optional(),
  writeKey: z.string().optional(),
});

export function segmentBatchToEnvelopes(body: unknown, received: Received): Checked<CustomerEventEnvelope[]> {
  const parsed = SegmentBatch.safeParse(body);
  if (!parsed.success) return { ok: false, issues: describeIssues(parsed.error) };
  const envelopes: CustomerEventEnvelope[] = [];
  const issues: FieldIssue[] = [];
  parsed.data.batch.forEach((item, index) => {
    const call = item.type;
    if (typeof call !== 'string' || !(segmentCalls as readonly string[]).includes(call)) {
      issues.push({ path: `batch.${index}.type`, message: `must be one of ${segmentCalls.join(', ')}` });
      return;
    }
    const batchReceived = parsed.data.sentAt ? { ...received, sentAt: parsed.data.sentAt } : received;
    const result = segmentCallToEnvelopes(call as SegmentCall, item, batchReceived, ['batch', index]);
    if (result.ok) envelopes.push(...result.value);
    else issues.push(...result.issues);
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: envelopes };
}
