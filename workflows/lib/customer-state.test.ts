import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initialCustomerState, RECENT_EVENT_IDS_KEPT, rememberEvent } from './customer-state.ts';

describe('recent event ids', () => {
  it(`stay bounded at ${RECENT_EVENT_IDS_KEPT}, forgetting the oldest first`, () => {
    const state = initialCustomerState();
    const seen = new Set<string>();
    for (let i = 0; i < RECENT_EVENT_IDS_KEPT + 10; i += 1) assert.equal(rememberEvent(state, `e-${i}`, seen), true);

    assert.equal(state.recentEventIds.length, RECENT_EVENT_IDS_KEPT);
    assert.equal(seen.size, RECENT_EVENT_IDS_KEPT);
    assert.equal(rememberEvent(state, `e-${RECENT_EVENT_IDS_KEPT + 9}`, seen), false, 'the newest is still known');
    assert.equal(state.repeatsIgnored, 1);
    assert.equal(rememberEvent(state, 'e-0', seen), true, 'the oldest was forgotten');
  });
});
