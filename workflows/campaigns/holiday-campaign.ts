/**
 * A holiday campaign's timeline for one customer: the window opened where they live; at the
 * campaign's time of their day on the window's first day, one email with a unique code from
 * the campaign's pool (restricted to its countries). A tenth is held out. A customer who
 * moved to another country since, or reached too late (the holiday is over), gets nothing.
 * A window opened late (a night the schedule missed, caught up by the next) still makes its
 * offer while the holiday lasts, and never after it.
 */
import { ApplicationFailure, patched } from '@temporalio/workflow';
import type { JourneyInput, JourneyResult } from '../../schemas/journey.ts';
import type { PayloadOf } from '../../schemas/catalog.ts';
import type { Duration } from '../lib/duration.ts';
import { runJourney } from '../lib/journey.ts';
import { countryOf } from './define.ts';
import { findCampaign } from './index.ts';

export async function holidayCampaignWorkflow(input: JourneyInput): Promise<JourneyResult> {
  const { campaign_id } = input.trigger.payload as PayloadOf<'Campaign Window Opened'>;
  const campaign = findCampaign(campaign_id);
  // The customer workflow starts only registered campaigns: a missing one was removed while customers were in it.
  if (!campaign) throw ApplicationFailure.nonRetryable(`no holiday campaign "${campaign_id}"`, 'UnknownCampaign');
  return runJourney(campaign.journey, input, async (journey) => {
    const { opens_on, holiday_on, place } = journey.trigger.payload;
    let deliverWithin: Duration = '1 day';
    // Added after release with the catch-up of missed windows: customers who entered before
    // keep the first path, which let a late window wait past the holiday and then drop it.
    if (patched('holiday-offer-while-holiday-lasts')) {
      // The holiday's last minute on the customer's calendar: reached after it, no offer.
      const holidayEnds = await journey.nextAnniversary({ monthDay: holiday_on.slice(5) }, '23:59');
      if (String(holidayEnds.year) !== holiday_on.slice(0, 4)) journey.leave('holiday-over');
      const opening = await journey.nextAnniversary({ monthDay: opens_on.slice(5) }, campaign.sendAt);
      if (String(opening.year) === opens_on.slice(0, 4)) await journey.waitUntil(opening.at);
      else {
        // Opened late: the campaign's next hour if the holiday still lasts then, otherwise
        // now (quiet hours, checked by the send gate, still hold it to an allowed time).
        const nextHour = await journey.nextLocalTime(campaign.sendAt);
        if (nextHour < holidayEnds.at) await journey.waitUntil(nextHour);
      }
      // However long caps or quiet hours hold it, not after the holiday.
      deliverWithin = `${Math.max(1, Math.floor((holidayEnds.at - Date.now()) / 1000))} seconds`;
    } else {
      // The first day of the window at the campaign's hour, on the customer's own calendar; a
      // window opened late (by hand, after that hour) sends at the next such hour instead.
      const opening = await journey.nextAnniversary({ monthDay: opens_on.slice(5) }, campaign.sendAt);
      if (String(opening.year) === opens_on.slice(0, 4)) await journey.waitUntil(opening.at);
      else await journey.waitUntilLocalTime(campaign.sendAt);
      // After the holiday's last minute there, an offer for it makes no sense.
      const holidayEnds = await journey.nextAnniversary({ monthDay: holiday_on.slice(5) }, '23:59');
      if (String(holidayEnds.year) !== holiday_on.slice(0, 4)) journey.leave('holiday-over');
    }
    // Another market's offer is not for a customer who moved there since the window opened.
    const { country } = await journey.profile();
    if (country !== countryOf(place)) journey.leave('moved-away');
    const coupon = await journey.offerCoupon({ step: 'coupon', pool: journey.parameters.couponPool });
    await journey.send.email({ step: 'offer', template: campaign.template, deliverWithin, coupon });
  });
}
