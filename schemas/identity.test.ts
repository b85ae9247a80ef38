/** Which ids a Segment call joins, and the merge event it becomes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { identitiesMergedEvent, mergedIdsOf } from './identity.ts';
import { segmentBatchToEnvelopes, segmentCallToEnvelopes } from './segment.ts';
import { checkEnvelope } from './envelope.ts';

const received = { at: '2026-11-29T10:00:00.000Z', newEventId: () => 'generated-id' };

describe('identity of a call', () => {
  it('joins the anonymous visitor to the user when a call carries both ids', () => {
    assert.deepEqual(mergedIdsOf({ userId: 'u-1', anonymousId: 'a-1' }), ['anonymous:a-1']);
    assert.deepEqual(mergedIdsOf({ anonymousId: 'a-1' }), []);
    assert.deepEqual(mergedIdsOf({ userId: 'u-1' }), []);
  });

  it("merges both readings of an alias's previousId (an anonymous id or an earlier user id), never the user itself", () => {
    assert.deepEqual(mergedIdsOf({ userId: 'u-2', previousId: 'u-1' }), ['u-1', 'anonymous:u-1']);
    assert.deepEqual(mergedIdsOf({ userId: 'u-2', previousId: 'a-9', anonymousId: 'a-9' }), ['anonymous:a-9', 'a-9']);
    assert.deepEqual(mergedIdsOf({ userId: 'u-2', previousId: 'u-2' }), ['anonymous:u-2']);
  });

  it('gives the same pair the same event id, a different pair another, and a valid envelope', () => {
    const at = { occurredAt: received.at, receivedAt: received.at, source: 'test' };
    const once = identitiesMergedEvent('u-1', 'anonymous:a-1', at);
    assert.equal(identitiesMergedEvent('u-1', 'anonymous:a-1', { ...at, occurredAt: '2026-11-30T00:00:00.000Z' }).eventId, once.eventId);
    assert.notEqual(identitiesMergedEvent('u-2', 'anonymous:a-1', at).eventId, once.eventId);
    assert.notEqual(identitiesMergedEvent('anonymous:a-1', 'u-1', at).eventId, once.eventId);
    assert.deepEqual(checkEnvelope(once), { ok: true, value: once });
  });
});

describe('Segment calls that join ids', () => {
  it("writes an identify's merge after the identify, as the user's event", () => {
    const result = segmentCallToEnvelopes('identify', { userId: 'u-1', anonymousId: 'a-1', traits: { email: 'u@example.com' } }, received);
    assert.ok(result.ok);
    assert.deepEqual(
      result.value.map((event) => [event.type, event.customerId, event.payload]),
      [
        ['Identify', 'u-1', { email: 'u@example.com' }],
        ['Identities Merged', 'u-1', { merged_customer_id: 'anonymous:a-1' }],
      ],
    );
  });

  it('joins ids from every call of a batch, and nothing for anonymous calls', () => {
    const result = segmentBatchToEnvelopes(
      {
        batch: [
          { type: 'track', anonymousId: 'a-1', event: 'Product Viewed', properties: { product_id: 'p' } },
          { type: 'alias', userId: 'u-1', previousId: 'a-1' },
        ],
      },
      received,
    );
    assert.ok(result.ok);
    assert.deepEqual(
      result.value.map((event) => [event.type, event.customerId]),
      [
        ['Product Viewed', 'anonymous:a-1'],
        ['Alias', 'u-1'],
        ['Identities Merged', 'u-1'],
        ['Identities Merged', 'u-1'],
      ],
    );
  });

  it('takes a visitor\'s call with `"userId": null`, as Segment\'s browser library sends it', () => {
    const result = segmentCallToEnvelopes(
      'track',
      { userId: null, anonymousId: 'a-1', event: 'Product Viewed', properties: { product_id: 'p' } },
      received,
    );
    assert.deepEqual(result.ok && result.value.map((event) => event.customerId), ['anonymous:a-1']);
  });

  it('refuses an anonymousId too long to be part of a customer id', () => {
    const result = segmentCallToEnvelopes('track', { anonymousId: 'a'.repeat(191), event: 'Cart Viewed' }, received);
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && result.issues.map((issue) => issue.path), ['anonymousId']);
  });
});
