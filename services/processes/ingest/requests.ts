/**
 * What each ingest route accepts, as envelopes or as the issues that name every invalid
 * field. A request is all or nothing: one invalid event rejects the whole request.
 */
import { z } from 'zod';
import { checkEnvelope, describeIssues, type Checked, type CustomerEventEnvelope, type FieldIssue } from '../../../schemas/envelope.ts';
import { segmentBatchToEnvelopes, segmentCallToEnvelopes, type Received, type SegmentCall } from '../../../schemas/segment.ts';
import { MAX_BATCH_BYTES, MAX_EVENT_BYTES, shapeIssues } from '../../../schemas/event-limits.ts';
import { ConsentConfirmed, ConsentExpired } from '../../../schemas/events/consent-lifecycle.ts';
import { ApologyRequested, JourneyEntryRequested } from '../../../schemas/events/operations.ts';
import { MessageClicked, MessageOpened } from '../../../schemas/events/engagement.ts';
import { CampaignWindowOpened } from '../../../schemas/events/campaigns.ts';
import { ReferralRewarded } from '../../../schemas/events/referrals.ts';
import { LoyaltyMilestoneReached, LoyaltyTierChanged, LoyaltyTierReviewDue } from '../../../schemas/events/loyalty-program.ts';
import { SegmentEntered, SegmentExited } from '../../../schemas/events/segments.ts';

export const NATIVE_SOURCE = 'native-http';

/**
 * Written by the product itself, each by the part named: a producer's would fake a segment
 * entry or an operator's apology request or backfill and start the journeys that follow them, lapse
 * or confirm a consent on a timetable and a click only the product knows of, or credit a
 * journey with clicks and opens its messages never had.
 */
const productWritten: ReadonlyMap<unknown, string> = new Map([
  [SegmentEntered.name, 'segments/'],
  [SegmentExited.name, 'segments/'],
  [ApologyRequested.name, '`journeys journey apologize`'],
  [JourneyEntryRequested.name, '`journeys journey backfill`'],
  [ConsentExpired.name, 'the re-permission journey, at the lapse'],
  [ConsentConfirmed.name, 'the double opt-in confirmation link'],
  [CampaignWindowOpened.name, 'workflows/campaigns/'],
  [ReferralRewarded.name, "the referral program, on the referee's first order"],
  [LoyaltyTierChanged.name, 'the loyalty program, from the points ledger'],
  [LoyaltyMilestoneReached.name, 'the loyalty program, from the points ledger'],
  [LoyaltyTierReviewDue.name, 'the tier-at-risk journey, when a tier runs out'],
  [MessageClicked.name, "a message's tracked link, when it is followed"],
  [MessageOpened.name, "an email's open pixel, when it is fetched"],
]);

/** Issues for events only the product writes, read off the request as sent (`event` in Segment's calls, `type` in ours). */
function productWrittenIssues(items: unknown[], field: 'event' | 'type', pathOf: (index: number) => string): FieldIssue[] {
  return items.flatMap((item, index) => {
    const type = (item as Record<string, unknown> | null)?.[field];
    const writer = productWritten.get(type);
    return writer
      ? [{ path: pathOf(index), message: `"${String(type)}" is written by the product (${writer}), not sent by producers` }]
      : [];
  });
}

export interface Route {
  maxBytes: number;
  toEnvelopes(body: unknown, received: Received): Checked<CustomerEventEnvelope[]>;
}

const single = (call: SegmentCall): Route => ({
  maxBytes: MAX_EVENT_BYTES,
  toEnvelopes: (body, received) => {
    const tooComplex = shapeIssues(body, '(body)');
    if (tooComplex.length > 0) return { ok: false, issues: tooComplex };
    const refused = productWrittenIssues([body], 'event', () => 'event');
    if (refused.length > 0) return { ok: false, issues: refused };
    return segmentCallToEnvelopes(call, body, received);
  },
});

/** The native API: canonical envelopes, without receivedAt (we stamp it) and with an optional source. */
const NativeRequest = z.object({ events: z.array(z.record(z.string(), z.unknown())).min(1, 'must hold at least one event') });

const native: Route = {
  maxBytes: MAX_BATCH_BYTES,
  toEnvelopes: (body, received) => {
    const parsed = NativeRequest.safeParse(body);
    if (!parsed.success) return { ok: false, issues: describeIssues(parsed.error) };
    const envelopes: CustomerEventEnvelope[] = [];
    const tooComplex = parsed.data.events.flatMap((event, index) => shapeIssues(event, `events.${index}`));
    if (tooComplex.length > 0) return { ok: false, issues: tooComplex };
    const issues: FieldIssue[] = [
      ...oversized(parsed.data.events, 'events'),
      ...productWrittenIssues(parsed.data.events, 'type', (index) => `events.${index}.type`),
    ];
    parsed.data.events.forEach((event, index) => {
      const checked = checkEnvelope({ source: NATIVE_SOURCE, ...event, receivedAt: received.at }, ['events', index]);
      if (checked.ok) envelopes.push(checked.value);
      else issues.push(...checked.issues);
    });
    return issues.length > 0 ? { ok: false, issues } : { ok: true, value: envelopes };
  },
};

const batch: Route = {
  maxBytes: MAX_BATCH_BYTES,
  toEnvelopes: (body, received) => {
    const items = (body as { batch?: unknown } | null)?.batch;
    // Too deep or too wide stops here: nothing else walks such an event.
    const tooComplex = Array.isArray(items) ? items.flatMap((item, index) => shapeIssues(item, `batch.${index}`)) : [];
    if (tooComplex.length > 0) return { ok: false, issues: tooComplex };
    const refused = Array.isArray(items)
      ? [...oversized(items, 'batch'), ...productWrittenIssues(items, 'event', (index) => `batch.${index}.event`)]
      : [];
    const result = segmentBatchToEnvelopes(body, received);
    if (refused.length > 0) return { ok: false, issues: [...refused, ...(result.ok ? [] : result.issues)] };
    return result;
  },
};

function oversized(items: unknown[], field: string): FieldIssue[] {
  return items.flatMap((item, index) =>
    Buffer.byteLength(JSON.stringify(item)) > MAX_EVENT_BYTES
      ? [{ path: `${field}.${index}`, message: `over ${MAX_EVENT_BYTES} bytes` }]
      : [],
  );
}

export const routes: Record<string, Route> = {
  '/v1/track': single('track'),
  '/v1/identify': single('identify'),
  '/v1/page': single('page'),
  '/v1/screen': single('screen'),
  '/v1/group': single('group'),
  '/v1/alias': single('alias'),
  '/v1/batch': batch,
  // The short paths of Segment's browser library (analytics.js).
  '/v1/t': single('track'),
  '/v1/i': single('identify'),
  '/v1/p': single('page'),
  '/v1/s': single('screen'),
  '/v1/g': single('group'),
  '/v1/a': single('alias'),
  '/v1/b': batch,
  '/v1/events': native,
};

/** The event types a request claims to carry, for counting what was rejected. */
export function declaredTypes(path: string, body: unknown): string[] {
  const typeOf = (item: unknown): string => {
    const call = (item ?? {}) as { event?: unknown; type?: unknown };
    if (typeof call.event === 'string') return call.event;
    return typeof call.type === 'string' ? call.type : 'unknown';
  };
  const { batch, events } = (body ?? {}) as { batch?: unknown; events?: unknown };
  if (path === '/v1/batch' && Array.isArray(batch)) return batch.map(typeOf);
  if (path === '/v1/events' && Array.isArray(events)) return events.map(typeOf);
  return [typeOf(body)];
}
