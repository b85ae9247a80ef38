import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkEnvelope } from './envelope.ts';
import { MAX_ENVELOPE_BYTES, storableIssues } from './event-limits.ts';
import { segmentToEnvelope } from './segment.ts';

const envelope = (payload: Record<string, unknown>, occurredAt = '2026-11-29T10:00:00Z') => ({
  eventId: 'e-1',
  customerId: 'c-1',
  type: 'Product Viewed',
  version: 1,
  occurredAt,
  receivedAt: '2026-11-29T10:00:01Z',
  source: 'test',
  payload,
});

describe('values the event store can hold', () => {
  it('refuses the NUL character and unpaired surrogates in values and field names, naming where', () => {
    assert.deepEqual(
      storableIssues(envelope({ product_id: 'p-\u0000', name: 'half \ud800', ['key\u0000']: 1 })).map((issue) => issue.path),
      ['payload.key\u0000', 'payload.name', 'payload.product_id'],
    );
  });

  it('refuses a time before year 1 and an envelope over its size', () => {
    assert.deepEqual(storableIssues(envelope({ product_id: 'p' }, '0000-06-01T00:00:00Z')), [
      { path: 'occurredAt', message: 'must be in year 1 or later' },
    ]);
    assert.deepEqual(
      storableIssues(envelope({ product_id: 'p', text: 'x'.repeat(MAX_ENVELOPE_BYTES) })).map((issue) => issue.path),
      ['(root)'],
    );
  });

  it('is checked wherever an event enters: a canonical envelope, and a Segment call named in its own terms', () => {
    const checked = checkEnvelope(envelope({ product_id: 'p-\u0000' }));
    assert.deepEqual(checked.ok ? [] : checked.issues.map((issue) => issue.path), ['payload.product_id']);
    const call = segmentToEnvelope(
      'track',
      { userId: 'c-1', event: 'Product Viewed', properties: { product_id: 'p-\u0000' } },
      { at: '2026-11-29T10:00:00Z', newEventId: () => 'e' },
    );
    assert.deepEqual(call.ok ? [] : call.issues, [
      { path: 'properties.product_id', message: 'contains a NUL character (\\u0000), which the event store cannot hold' },
    ]);
  });
});
