/**
 * Milestone rewards: when a customer's lifetime points reach a milestone the program rewards
 * (LOYALTY_MILESTONES, 1,000, 5,000 and 10,000 points; `Loyalty Milestone Reached`, written
 * once per milestone by the ledger), a thank-you with a code from the milestone's pool
 * (`loyalty-milestone-<points>`, else the shared `loyalty-milestone`). No holdout: it
 * delivers the reward the program promised, and is never suppressed for low value.
 */
import type { JourneyInput, JourneyResult } from '../../schemas/journey.ts';
import { defineJourney, runJourney } from '../lib/journey.ts';

/** Operators fill it (`journeys coupons create loyalty-milestone …`); `loyalty-milestone-<points>` first, for a reward per milestone. */
export const MILESTONE_POOL = 'loyalty-milestone';

export const loyaltyMilestone = defineJourney({
  id: 'loyalty-milestone',
  workflowType: 'loyaltyMilestoneWorkflow',
  trigger: { event: 'Loyalty Milestone Reached', key: (reached) => String(reached.payload.milestone) },
  exitOn: [],
  waitsFor: [],
  reentry: 'once-per-key',
  parameters: {
    couponPool: { default: MILESTONE_POOL, about: 'the coupon pool of the reward (tried as <pool>-<milestone> first)' },
  },
});

export async function loyaltyMilestoneWorkflow(input: JourneyInput): Promise<JourneyResult> {
  return runJourney(loyaltyMilestone, input, async (journey) => {
    const pool = journey.parameters.couponPool;
    const reward =
      (await journey.offerCoupon({ step: 'milestone-coupon', pool: `${pool}-${journey.trigger.payload.milestone}` })) ??
      (await journey.offerCoupon({ step: 'milestone-coupon-any', pool }));
    await journey.send.email({
      step: 'milestone',
      template: reward ? 'loyalty-milestone-coupon' : 'loyalty-milestone',
      deliverWithin: '1 day',
      promised: true,
      coupon: reward,
    });
  });
}
