/**
 * Welcome series: a new account gets a welcome at once, a second email two days later at
 * 10:00 the customer's time (an A/B test of what it says), and a nudge towards a first
 * order five days in, with a single-use first-order coupon while the pool has codes for the
 * customer's country, and a reminder 3 days before that code expires. The first order, or
 * the code redeemed, ends it (and moves the customer out of the "new-customers" segment). A tenth of new customers is held out, so the
 * series' lift on first orders can be measured against them.
 */
import { patched } from '@temporalio/workflow';
import type { JourneyInput, JourneyResult } from '../../schemas/journey.ts';
import { defineJourney, runJourney } from '../lib/journey.ts';

/** Operators fill it: `journeys coupons create welcome-first-order …`, then `journeys coupons generate`. */
export const FIRST_ORDER_POOL = 'welcome-first-order';

export const welcome = defineJourney({
  id: 'welcome',
  workflowType: 'welcomeWorkflow',
  trigger: { event: 'Signed Up', key: () => 'account' },
  exitOn: [
    { event: 'Order Completed', reason: 'converted', matches: () => true },
    // A code used at checkout (the welcome code, or any other: they are buying): the series
    // ends even if the order event is still on its way.
    { event: 'Coupon Redeemed', reason: 'coupon-redeemed', matches: () => true },
  ],
  waitsFor: [],
  reentry: 'once',
  holdout: 0.1,
  experiment: {
    id: 'welcome-2-content',
    variants: [
      { id: 'brand-story', weight: 1 },
      { id: 'bestsellers', weight: 1 },
    ],
  },
  parameters: {
    secondEmailAfterDays: { default: 2, about: 'days after sign-up, at 10:00 local' },
    couponAfterDays: { default: 5, about: 'days after sign-up: the nudge towards a first order' },
    couponPool: { default: FIRST_ORDER_POOL, about: 'the coupon pool of the first-order code' },
    codeReminderDaysBeforeExpiry: { default: 3, about: 'days before the unused first-order code expires: one reminder', min: 1 },
  },
});

export async function welcomeWorkflow(input: JourneyInput): Promise<JourneyResult> {
  return runJourney(welcome, input, async (journey) => {
    await journey.send.email({ step: 'welcome-1', template: 'welcome-1', deliverWithin: '1 day' });

    const { secondEmailAfterDays, couponAfterDays, couponPool } = journey.parameters;
    await journey.sleepUntilAfterStart(`${secondEmailAfterDays} days`);
    // Read in the morning, not at the hour of the sign-up (added after release: patched).
    if (patched('welcome-2-at-10-local')) await journey.waitUntilLocalTime('10:00');
    const second = journey.variant === 'bestsellers' ? 'welcome-2-bestsellers' : 'welcome-2-brand-story';
    await journey.send.email({ step: 'welcome-2', template: second, deliverWithin: '2 days' });

    await journey.sleepUntilAfterStart(`${couponAfterDays} days`);
    // A first-order code from the pool, where there is one for the customer (added after release: patched).
    const coupon = patched('welcome-3-coupon') ? await journey.offerCoupon({ step: 'welcome-3-coupon', pool: couponPool }) : null;
    await journey.send.email({ step: 'welcome-3', template: coupon ? 'welcome-3-coupon' : 'welcome-3', deliverWithin: '2 days', coupon });

    // A code still unused shortly before it expires gets one reminder; redeeming it (or any
    // order) ends the series first (added after release: patched).
    if (coupon && patched('welcome-4-code-expiring')) {
      const remindAt = Date.parse(coupon.expiresAt) - journey.parameters.codeReminderDaysBeforeExpiry * 86_400_000;
      // A pool whose codes last only days: the reminder would follow the offer at once, so none.
      if (remindAt - Date.now() < 86_400_000) return;
      await journey.waitUntil(remindAt);
      await journey.send.email({ step: 'welcome-4', template: 'welcome-4-code-expiring', deliverWithin: '1 day', coupon });
    }
  });
}
