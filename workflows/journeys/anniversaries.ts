/**
 * Anniversaries: of the day the customer signed up, and of their first order. Every year at
 * 09:00 on the day in the customer's zone, an email with a unique coupon. Durable yearly
 * timers, like birthdays (lib/yearly-occasion.ts); a tenth is held out.
 */
import type { JourneyInput, JourneyResult } from '../../schemas/journey.ts';
import { defineJourney, runJourney } from '../lib/journey.ts';
import { celebrateEveryYear } from '../lib/yearly-occasion.ts';

/** Operators fill it: `journeys coupons create anniversary "10% off" 14`, then `journeys coupons generate`. */
export const ANNIVERSARY_POOL = 'anniversary';
const couponPool = { default: ANNIVERSARY_POOL, about: 'the coupon pool of the anniversary present' };

export const signupAnniversary = defineJourney({
  id: 'signup-anniversary',
  workflowType: 'signupAnniversaryWorkflow',
  trigger: { event: 'Signed Up', key: () => 'account' },
  exitOn: [],
  waitsFor: [],
  reentry: 'once',
  holdout: 0.1,
  // Entered once, celebrated every year: switched off, the years' messages are skipped, not the customer.
  onDisable: 'skip-sends',
  addedAs: 'journey-signup-anniversary',
  parameters: { couponPool },
});

export async function signupAnniversaryWorkflow(input: JourneyInput): Promise<JourneyResult> {
  return runJourney(signupAnniversary, input, (journey) =>
    celebrateEveryYear(journey, {
      name: 'signup-anniversary',
      of: { since: journey.trigger.occurredAt },
      couponPool: journey.parameters.couponPool,
    }),
  );
}

export const firstOrderAnniversary = defineJourney({
  id: 'first-order-anniversary',
  workflowType: 'firstOrderAnniversaryWorkflow',
  // The first order this journey hears of; a customer who ordered before it shipped is dated by their first order.
  trigger: { event: 'Order Completed', key: () => 'first-order' },
  exitOn: [],
  waitsFor: [],
  reentry: 'once',
  holdout: 0.1,
  // Entered once, celebrated every year: switched off, the years' messages are skipped, not the customer.
  onDisable: 'skip-sends',
  addedAs: 'journey-first-order-anniversary',
  parameters: { couponPool },
});

export async function firstOrderAnniversaryWorkflow(input: JourneyInput): Promise<JourneyResult> {
  return runJourney(firstOrderAnniversary, input, async (journey) => {
    const { orders } = await journey.profile();
    await celebrateEveryYear(journey, {
      name: 'first-order-anniversary',
      of: { since: orders.firstAt ?? journey.trigger.occurredAt },
      couponPool: journey.parameters.couponPool,
    });
  });
}
