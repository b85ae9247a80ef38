/**
 * The loyalty activities on the real PostgreSQL: points expiring on a day, found through
 * the lot of a shop's earning that named no expiry; the tier outlook of a merged id as its
 * customer's.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createActivityDeps } from '../test/support/activity-deps.ts';
import { customerEvent, project, uniqueId } from '../test/support/fixtures.ts';

const deps = createActivityDeps('loyalty-activities');
const activities = deps.activities();
before(() => deps.start());
after(() => deps.stop());

describe('loyalty activities', () => {
  it("finds the week a shop's earning expires from its lot, and nothing for a lot the ledger does not hold", async () => {
    const customerId = uniqueId('member');
    const earned = {
      ...customerEvent(customerId, 'Loyalty Points Earned', { points: 80, reason: 'social_share' }),
      occurredAt: '2026-03-10T08:00:00.000Z',
    };
    await project(deps.db, earned);
    assert.deepEqual(await activities.readExpiringPoints({ customerId, lotId: earned.eventId, at: '2026-12-01T00:00:00.000Z' }), {
      points: 80,
      expiresAt: '2027-03-10T08:00:00.000Z',
      lastExpiresAt: '2027-03-10T08:00:00.000Z',
      balance: 80,
    });
    assert.deepEqual(await activities.readExpiringPoints({ customerId, lotId: 'no-such-lot', at: '2026-12-01T00:00:00.000Z' }), {
      points: 0,
      expiresAt: null,
      lastExpiresAt: null,
      balance: 0,
    });
  });

  it("answers a merged id's tier outlook as its customer's", async () => {
    const customerId = uniqueId('member');
    const visitor = uniqueId('visitor');
    await project(
      deps.db,
      { ...customerEvent(customerId, 'Loyalty Points Earned', { points: 1600, reason: 'bonus' }), occurredAt: '2026-11-01T08:00:00.000Z' },
      customerEvent(customerId, 'Identities Merged', { merged_customer_id: visitor }),
    );
    const outlook = await activities.readTierOutlook({ customerId: visitor, at: '2026-12-01T00:00:00.000Z' });
    assert.deepEqual(outlook, {
      tier: 'silver',
      qualifying: 1600,
      heldUntil: '2027-11-01T08:00:00.000Z',
      neededToKeep: 1500,
      nextTier: { name: 'gold', needed: 3400 },
    });
  });
});
