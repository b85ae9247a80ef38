/**
 * The referrer's side of a referral: when a friend's first order made the referral
 * successful (`Referral Rewarded`, written once per friend by the program), the referrer gets
 * the reward of the tier they reached (a code from the tier's pool) and a thank-you. No
 * holdout: it delivers what the program promised. Sent as marketing, like the support
 * apology: the transactional purpose needs a consent most customers never gave, and a
 * customer who refuses marketing has refused offers too.
 */
import type { JourneyInput, JourneyResult } from '../../schemas/journey.ts';
import { defineJourney, runJourney } from '../lib/journey.ts';

export const referralReward = defineJourney({
  id: 'referral-reward',
  workflowType: 'referralRewardWorkflow',
  trigger: { event: 'Referral Rewarded', key: (rewarded) => rewarded.payload.referee_id },
  exitOn: [],
  waitsFor: [],
  reentry: 'once-per-key',
});

export async function referralRewardWorkflow(input: JourneyInput): Promise<JourneyResult> {
  return runJourney(referralReward, input, async (journey) => {
    const reward = await journey.offerCoupon({ step: 'reward-coupon', pool: journey.trigger.payload.reward_pool });
    await journey.send.email({
      step: 'referral-reward',
      template: reward ? 'referral-reward-coupon' : 'referral-reward',
      deliverWithin: '1 day',
      promised: true,
      coupon: reward,
    });
  });
}
