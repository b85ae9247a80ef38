import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOYALTY_PROGRAM_SOURCE } from '../../schemas/events/loyalty-program.ts';
import { customerEvent } from '../../test/support/fixtures.ts';
import { advanceStage, initialCustomerState, RECENT_EVENT_IDS_KEPT, rememberEvent } from './customer-state.ts';

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

describe('lifecycle stage', () => {
  it('moves a customer to loyalty when they reach a tier, not when the program credits their order with points', () => {
    const credited = {
      ...customerEvent('c1', 'Loyalty Points Earned', { points: 120, reason: 'purchase' }),
      source: LOYALTY_PROGRAM_SOURCE,
    };
    assert.equal(advanceStage('retention', credited), 'retention');
    const tier = customerEvent('c1', 'Loyalty Tier Changed', {
      tier: 'bronze',
      previous_tier: null,
      direction: 'up',
      basis: 'points',
      qualifying: 500,
    });
    assert.equal(advanceStage('retention', tier), 'loyalty');
    // A shop running points of its own still marks membership with them.
    assert.equal(
      advanceStage('retention', customerEvent('c1', 'Loyalty Points Earned', { points: 10, reason: 'social_share' })),
      'loyalty',
    );
  });
});
