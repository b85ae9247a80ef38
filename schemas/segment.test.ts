import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkEnvelope } from './envelope.ts';
import { segmentToEnvelope } from './segment.ts';

const received = { at: '2026-11-22T10:00:00.000Z', newEventId: () => 'generated-id' };

describe('Segment calls to envelopes', () => {
  it('maps a track call to a canonical envelope keyed by userId, keeping messageId as the event id', () => {
    const result = segmentToEnvelope(
      'track',
      { userId: 'c-42', event: 'Checkout Started', messageId: 'm-1', timestamp: '2026-11-22T09:59:00Z', properties: { cart_id: 'cart-1', value: 59.9 } },
      received,
    );
    assert.deepEqual(result, {
      ok: true,
      envelope: {
        eventId: 'm-1',
        customerId: 'c-42',
        type: 'Checkout Started',
        version: 1,
        occurredAt: '2026-11-22T09:59:00Z',
        receivedAt: received.at,
        source: 'segment-http',
        payload: { cart_id: 'cart-1', value: 59.9 },
      },
    });
    assert.equal(result.ok && checkEnvelope(result.envelope).ok, true);
  });

  it('names the invalid property of a known event', () => {
    const result = segmentToEnvelope('track', { userId: 'c-42', event: 'Checkout Started', properties: { value: -1 } }, received);
    assert.equal(result.ok, false);
    const paths = !result.ok ? result.issues.map((issue) => issue.path).sort() : [];
    assert.deepEqual(paths, ['properties.cart_id', 'properties.value']);
  });

  it('names the invalid trait of an identify call', () => {
    const result = segmentToEnvelope('identify', { userId: 'c-42', traits: { email: 'not-an-email', timezone: 'Mars/Olympus' } }, received);
    const paths = !result.ok ? result.issues.map((issue) => issue.path).sort() : [];
    assert.deepEqual(paths, ['traits.email', 'traits.timezone']);
  });

  it('rejects a call that names no customer', () => {
    const result = segmentToEnvelope('track', { event: 'Product Viewed' }, received);
    assert.deepEqual(result, { ok: false, issues: [{ path: 'userId', message: 'userId or anonymousId is required' }] });
  });

  it('accepts an event it has no schema for, and generates an id when messageId is absent', () => {
    const result = segmentToEnvelope('track', { anonymousId: 'a-1', event: 'Product Viewed', properties: { sku: 'x' } }, received);
    assert.equal(result.ok && result.envelope.customerId, 'anonymous:a-1');
    assert.equal(result.ok && result.envelope.eventId, 'generated-id');
  });
});
