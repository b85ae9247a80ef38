/**
 * The referee's side of a referral: a customer who signed up through a friend's link gets
 * the welcome incentive at once (a code from `referral-welcome`), then the program waits for
 * their first order. That order, if it is their first and of at least the minimum, makes the
 * referral successful: the program decides once (fraud checks, the referrer's monthly limit,
 * their reward tier) and writes the referrer's `Referral Rewarded`, which starts their
 * referral-reward journey. No holdout: the incentive is the program's promise to the friend.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import type { JourneyInput, JourneyResult } from '../../schemas/journey.ts';
import { defineJourney, runJourney } from '../lib/journey.ts';

/** The referee's welcome incentive; operators fill it (`journeys coupons create referral-welcome …`). */
export const REFERRAL_WELCOME_POOL = 'referral-welcome';

const { decideReferralReward } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

export const referralWelcome = defineJourney({
  id: 'referral-welcome',
  workflowType: 'referralWelcomeWorkflow',
  trigger: { event: 'Referral Accepted', key: () => 'once' },
  exitOn: [],
  waitsFor: ['Order Completed'],
  reentry: 'once',
  parameters: {
    conversionWindowDays: { default: 60, about: 'days the first order may take to count as a successful referral', min: 1 },
    minFirstOrder: { default: 2000, about: "the least first order that counts, in the shop currency's minor units", min: 0 },
    maxRewardsPerMonth: { default: 5, about: 'rewards one referrer may earn per calendar month (against invite spam)', min: 1 },
  },
});

export async function referralWelcomeWorkflow(input: JourneyInput): Promise<JourneyResult> {
  return runJourney(referralWelcome, input, async (journey) => {
    const { conversionWindowDays, minFirstOrder, maxRewardsPerMonth } = journey.parameters;
    const incentive = await journey.offerCoupon({ step: 'welcome-incentive', pool: REFERRAL_WELCOME_POOL });
    await journey.send.email({
      step: 'referral-welcome',
      template: incentive ? 'referral-welcome-coupon' : 'referral-welcome',
      deliverWithin: '1 day',
      promised: true,
      coupon: incentive,
    });

    const order = await journey.waitForEvent('Order Completed', { within: `${conversionWindowDays} days` });
    if (!order) return journey.leave('no-first-order');
    const accepted = journey.trigger.payload;
    const decision = await decideReferralReward({
      refereeId: journey.trigger.customerId,
      referralId: accepted.referral_id,
      ...(accepted.referrer_id ? { referrerId: accepted.referrer_id } : {}),
      ...(accepted.referral_code ? { referralCode: accepted.referral_code } : {}),
      order: {
        orderId: order.payload.order_id,
        total: order.payload.total ?? null,
        paymentFingerprint: order.payload.payment_fingerprint ?? null,
        at: order.occurredAt,
      },
      minFirstOrder,
      maxRewardsPerMonth,
    });
    // The outcome names the decision in the journey's history (Temporal Web UI).
    journey.step(decision.outcome === 'rewarded' ? `referrer-rewarded:${decision.tier}` : `reward-refused:${decision.reason}`);
  });
}
