import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { identitiesMergedEvent } from '../../../schemas/identity.ts';
import { customerEvent } from '../../../test/support/fixtures.ts';
import { createRecentMerges } from './recent-merges.ts';

const at = { occurredAt: '2026-11-29T10:00:00.000Z', receivedAt: '2026-11-29T10:00:00.000Z', source: 'test' };

describe('recent merges', () => {
  it('drops a merge written lately, keeps other events and other merges, and forgets the oldest beyond its capacity', () => {
    const recent = createRecentMerges(2);
    const merges = ['a', 'b', 'c'].map((visitor) => identitiesMergedEvent('u-1', `anonymous:${visitor}`, at));
    const track = customerEvent('u-1', 'Product Viewed', { product_id: 'p' });
    recent.remember([merges[0]!, track]);
    assert.deepEqual(recent.withoutRepeats([merges[0]!, track, merges[1]!]), [track, merges[1]!]);
    assert.deepEqual(recent.withoutRepeats([track]), [track], 'other events are never dropped');
    recent.remember([merges[1]!, merges[2]!]);
    assert.deepEqual(recent.withoutRepeats(merges), [merges[0]!], 'the oldest was forgotten');
  });
});
