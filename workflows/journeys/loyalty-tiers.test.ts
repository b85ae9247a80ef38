/**
 * The loyalty tier and milestone journeys on the time-skipping test server with in-memory
 * activities: the upgrade welcome at 10:00 local (a status card for gold only, no holdout),
 * the tier-at-risk warning `warnDaysBefore` before the tier would be lost and moved by what
 * the customer earns meanwhile, ended by the next tier change; the milestone's reward.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { journeyEventSignal } from '../../schemas/names.ts';
import type { TierOutlook } from '../../schemas/loyalty.ts';
import { customerEvent, uniqueId } from '../../test/support/fixtures.ts';
import { createMockActivities, type MockCustomer } from '../../test/support/mock-activities.ts';
import { startWorkflowTestbed, type WorkflowTestbed } from '../../test/support/workflow-testbed.ts';
import { assignArm } from '../lib/assignment.ts';
import { startsJourney } from '../lib/journey-descriptor.ts';
import { loyaltyMilestone } from './loyalty-milestone.ts';
import { loyaltyTierAtRisk } from './loyalty-tier-at-risk.ts';
import { loyaltyTierUpgrade } from './loyalty-tier-upgrade.ts';

const DAY = 86_400_000;
const customers: Record<string, MockCustomer> = {};
const mocks = createMockActivities(customers);
let bed: WorkflowTestbed;

before(async () => (bed = await startWorkflowTestbed('loyalty-tiers-unit', () => mocks.activities)));
after(() => bed?.stop());

function member(customer: Partial<MockCustomer> = {}): string {
  for (;;) {
    const customerId = uniqueId('member');
    // The at-risk journey holds out a tenth: these tests follow treated customers.
    if (assignArm(customerId, loyaltyTierAtRisk.id, loyaltyTierAtRisk).holdout) continue;
    customers[customerId] = { consent: ['email', 'direct_mail'], timeZone: 'Europe/Paris', ...customer };
    return customerId;
  }
}

const tierChanged = (customerId: string, tier: string | null, direction: 'up' | 'down' = 'up') =>
  customerEvent(customerId, 'Loyalty Tier Changed', { tier, previous_tier: null, direction, basis: 'points', qualifying: 1600 });

/** Within 5 s: an activity's round trip (slow on a loaded machine) adds to the journey's clock. */
const near = (actual: number, expected: number, what: string) =>
  assert.ok(
    Math.abs(actual - expected) < 5_000,
    `${what} at ${new Date(actual).toISOString()}, expected ${new Date(expected).toISOString()}`,
  );

describe('loyalty tier upgrade (in-memory activities)', () => {
  it('welcomes a customer to their new tier at 10:00 their time, gold by post too, and starts only on a move up', async () => {
    const silver = member();
    const gold = member();
    for (const [customerId, tier] of [
      [silver, 'silver'],
      [gold, 'gold'],
    ] as const) {
      const changed = tierChanged(customerId, tier);
      await (await bed.startJourney(loyaltyTierUpgrade, customerId, changed.eventId, changed)).result();
    }
    assert.deepEqual(
      mocks.sendsOf(silver).map((send) => [send.step, send.channel, send.template]),
      [['tier-upgrade', 'email', 'loyalty-tier-upgrade']],
    );
    assert.deepEqual(
      mocks.sendsOf(gold).map((send) => [send.step, send.channel, send.template, send.promised]),
      [
        ['tier-upgrade', 'email', 'loyalty-tier-upgrade', true],
        ['tier-status-card', 'direct_mail', 'loyalty-status-card', true],
      ],
      'owed to the customer: never suppressed for low value',
    );
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' });
    assert.equal(local.format(mocks.sendsOf(silver)[0]!.at), '10:00');
    assert.equal(loyaltyTierUpgrade.holdout, undefined, 'it tells of the status given: nobody is held out');
    assert.equal(startsJourney(loyaltyTierUpgrade, tierChanged('someone', 'bronze', 'down')), false);
    assert.equal(startsJourney(loyaltyTierUpgrade, tierChanged('someone', null, 'down')), false);
  });
});

describe('loyalty tier at risk (in-memory activities)', () => {
  it('warns 30 days before the tier would be lost, then ends when it is lost', async () => {
    const start = await bed.env.currentTimeMs();
    const heldUntil = start + 200 * DAY;
    const customerId = member({
      tierOutlook: (at): TierOutlook =>
        at < heldUntil
          ? { tier: 'silver', qualifying: 1600, heldUntil: new Date(heldUntil).toISOString(), neededToKeep: 250, nextTier: null }
          : { tier: 'bronze', qualifying: 900, heldUntil: null, neededToKeep: null, nextTier: null },
    });
    const changed = tierChanged(customerId, 'silver');
    const result = await (await bed.startJourney(loyaltyTierAtRisk, customerId, changed.eventId, changed)).result();
    assert.deepEqual(result.outcome === 'exited' && result.reason, 'tier-lapsed');
    const sends = mocks.sendsOf(customerId);
    assert.deepEqual(
      sends.map((send) => [send.step, send.template]),
      [['tier-at-risk-1', 'loyalty-tier-at-risk']],
    );
    near(sends[0]!.at, heldUntil - 30 * DAY, 'the warning');
    const reviews = mocks.tierReviews.filter((review) => review.customerId === customerId);
    assert.deepEqual(
      reviews.map((review) => [review.tier, review.heldUntil]),
      [['silver', new Date(heldUntil).toISOString()]],
      'the ledger is asked to judge the tier again when it runs out',
    );
    near(Date.parse(reviews[0]!.at), heldUntil, 'the review');
  });

  it('moves the warning when the customer earns more before it, and warns again when the kept tier slips once more', async () => {
    const start = await bed.env.currentTimeMs();
    const first = start + 100 * DAY;
    const moved = start + 300 * DAY;
    const outlook = (heldUntil: number): TierOutlook => ({
      tier: 'gold',
      qualifying: 5200,
      heldUntil: new Date(heldUntil).toISOString(),
      neededToKeep: 400,
      nextTier: null,
    });
    // An order on day 50 keeps gold until day 300; nothing after, so it is lost then.
    const customerId = member({
      tierOutlook: (at) => (at < start + 50 * DAY ? outlook(first) : at < moved ? outlook(moved) : { ...outlook(moved), tier: 'silver' }),
    });
    const changed = tierChanged(customerId, 'gold');
    const result = await (await bed.startJourney(loyaltyTierAtRisk, customerId, changed.eventId, changed)).result();
    assert.deepEqual(result.outcome === 'exited' && result.reason, 'tier-lapsed');
    const sends = mocks.sendsOf(customerId);
    assert.deepEqual(
      sends.map((send) => send.step),
      ['tier-at-risk-1'],
      'no warning for day 100: by day 70 the customer had kept gold longer',
    );
    near(sends[0]!.at, moved - 30 * DAY, 'the warning for the moved date');
  });

  it('ends at the next tier change, before its warning', async () => {
    const start = await bed.env.currentTimeMs();
    const heldUntil = new Date(start + 200 * DAY).toISOString();
    const customerId = member({ tierOutlook: () => ({ tier: 'silver', qualifying: 1600, heldUntil, neededToKeep: 250, nextTier: null }) });
    const changed = tierChanged(customerId, 'silver');
    const handle = await bed.startJourney(loyaltyTierAtRisk, customerId, changed.eventId, changed);
    await bed.env.sleep('60 days');
    await handle.signal(journeyEventSignal, tierChanged(customerId, 'gold'));
    const result = await handle.result();
    assert.deepEqual(result.outcome === 'exited' && result.reason, 'tier-changed');
    assert.deepEqual(mocks.sendsOf(customerId), []);
    assert.deepEqual(
      mocks.tierReviews.filter((review) => review.customerId === customerId),
      [],
    );
  });
});

describe('loyalty milestone (in-memory activities)', () => {
  it('rewards a milestone with a code from its own pool, for everyone (no holdout)', async () => {
    const customerId = member();
    const reached = customerEvent(customerId, 'Loyalty Milestone Reached', { milestone: 1000, lifetime_points: 1040 });
    const result = await (await bed.startJourney(loyaltyMilestone, customerId, '1000', reached)).result();
    assert.equal(result.arm.holdout, false);
    assert.equal(loyaltyMilestone.holdout, undefined);
    assert.deepEqual(
      mocks.sendsOf(customerId).map((send) => [send.step, send.template, send.coupon, send.promised]),
      [['milestone', 'loyalty-milestone-coupon', 'CODE-loyalty-milestone-1000-milestone-coupon', true]],
    );
  });
});
