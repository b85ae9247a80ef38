/**
 * A holiday campaign's timeline for one customer: the window opened where they live; at the
 * campaign's time of their day on the window's first day, one email with a unique code from
 * the campaign's pool (restricted to its countries). A tenth is held out. A customer who
 * moved to another country since, or reached too late (the holiday is over), gets nothing.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import type { JourneyInput, JourneyResult } from '../../schemas/journey.ts';
import type { PayloadOf } from '../../schemas/catalog.ts';
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
    // The first day of the window at the campaign's hour, on the customer's own calendar; a
    // window opened late (by hand, after that hour) sends at the next such hour instead.
    const opening = await journey.nextAnniversary({ monthDay: opens_on.slice(5) }, campaign.sendAt);
    if (String(opening.year) === opens_on.slice(0, 4)) await journey.waitUntil(opening.at);
    else await journey.waitUntilLocalTime(campaign.sendAt);
    // After the holiday's last minute there, an offer for it makes no sense.
    const holidayEnds = await journey.nextAnniversary({ monthDay: holiday_on.slice(5) }, '23:59');
    if (String(holidayEnds.year) !== holiday_on.slice(0, 4)) journey.leave('holiday-over');
    // Another market's offer is not for a customer who moved there since the window opened.
    const { country } = await journey.profile();
    if (country !== countryOf(place)) journey.leave('moved-away');
    const coupon = await journey.offerCoupon({ step: 'coupon', pool: journey.parameters.couponPool });
    await journey.send.email({ step: 'offer', template: campaign.template, deliverWithin: '1 day', coupon });
  });
}
