/**
 * Birthdays: from the birthday trait, every year at 09:00 on the day in the customer's own
 * zone, an email with a unique coupon (the pool's codes are valid 14 days); a high-value
 * customer with a postal address also gets a postcard, mailed a week ahead so it arrives on
 * the day. 29 February is celebrated on 28 February in other years. A changed birthday
 * starts a run for the new date and ends this one; a tenth is held out to measure the lift.
 */
import type { JourneyInput, JourneyResult } from '../../schemas/journey.ts';
import { defineJourney, runJourney } from '../lib/journey.ts';
import { celebrateEveryYear } from '../lib/yearly-occasion.ts';

/** Operators fill it: `journeys coupons create birthday "15% off" 14`, then `journeys coupons generate`. */
export const BIRTHDAY_POOL = 'birthday';

/** 'MM-DD' of a birthday trait (YYYY-MM-DD or --MM-DD). */
const monthDayOf = (birthday: string) => birthday.slice(-5);

export const birthday = defineJourney({
  id: 'birthday',
  workflowType: 'birthdayWorkflow',
  // One run per birthday date: a corrected birthday is a new key (and the old run leaves).
  trigger: {
    event: 'Identify',
    key: (identify) => monthDayOf(identify.payload.birthday ?? ''),
    matches: (identify) => identify.payload.birthday !== undefined,
  },
  exitOn: [],
  waitsFor: [],
  reentry: 'once-per-key',
  holdout: 0.1,
  // One run per date, for years: switched off, the years' messages are skipped, not the customer.
  onDisable: 'skip-sends',
  addedAs: 'journey-birthday',
  parameters: {
    postcardLeadDays: { default: 7, about: 'days before the birthday the postcard is mailed (the post takes 3-5 working days)', min: 1 },
    couponPool: { default: BIRTHDAY_POOL, about: 'the coupon pool of the birthday present (create it with 14 days validity)' },
  },
});

export async function birthdayWorkflow(input: JourneyInput): Promise<JourneyResult> {
  return runJourney(birthday, input, async (journey) => {
    const monthDay = monthDayOf(journey.trigger.payload.birthday ?? '');
    await celebrateEveryYear(journey, {
      name: 'birthday',
      of: { monthDay },
      couponPool: journey.parameters.couponPool,
      postcard: { template: 'birthday-postcard', leadDays: journey.parameters.postcardLeadDays },
      async reasonToLeave() {
        const { birthday: now } = await journey.profile();
        return now && monthDayOf(now) === monthDay ? null : 'birthday-changed';
      },
    });
  });
}
