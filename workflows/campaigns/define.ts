/**
 * Holiday campaigns as code: an offer around a public or regional holiday, only to the
 * customers who live where the holiday is kept. Each campaign is a journey (its id is the
 * journey's), so operators list, pause and stop it as any journey, and the send gate's kill
 * switch applies to it. Its customers enter through a `Campaign Window Opened` event the
 * product writes for each of them when the window opens (services/platform/campaigns/).
 *
 * Pure data, safe in workflow code: when a holiday falls is computed by an activity from
 * the holiday calendar (date-holidays), whose data may change between deploys.
 */
import type { TemplateNames } from '../../activities/channels/index.ts';
import { defineJourney } from '../lib/journey.ts';

/** A country (`FR`, ISO 3166-1) or one region of it (`CA-ON`, `DE-BY`: ISO 3166-2), as date-holidays names them. */
export type Place = string;

export interface HolidayCampaignSpec {
  /** The journey id too: `journeys journey stop <id>` stops the campaign. */
  id: string;
  description: string;
  /**
   * The holiday by its English name in date-holidays' calendar of each place ("Mother's Day",
   * "Boxing Day"): each place keeps it on its own date (Mother's Day is the last Sunday of
   * May in France, the second of May in the US). Substitute days off are not the holiday.
   */
  holiday: string;
  /** Where the holiday is kept and the offer may go; nobody elsewhere hears of it. */
  where: readonly Place[];
  /** The window opens this many days before the holiday (0: on the day). */
  opensDaysBefore: number;
  /** The time of the customer's day the offer goes out on the window's first day. */
  sendAt: `${number}:${number}`;
  /** Its codes; create the pool for the same countries (`journeys coupons create <pool> "…" <days> FR`). */
  couponPool: string;
  template: TemplateNames['email'];
  /** Share held out to measure the campaign's lift; a tenth unless said. */
  holdout?: number;
}

/**
 * A campaign as code. What the holiday calendar must confirm (places, the holiday's name, the
 * windows' order) is checked by services/platform/campaigns/campaign-problems.ts, at worker
 * boot and by `journeys campaigns list`, not here: a throw here would stop the worker, and
 * every other journey with it, over one campaign.
 */
export function defineHolidayCampaign(spec: HolidayCampaignSpec) {
  const journey = defineJourney({
    id: spec.id,
    // One workflow runs every campaign: it finds its campaign by the trigger's campaign_id.
    workflowType: 'holidayCampaignWorkflow',
    trigger: {
      event: 'Campaign Window Opened',
      // Once per holiday and year, however often the window is opened.
      key: ({ payload }) => payload.occurrence,
      matches: ({ payload }) => payload.campaign_id === spec.id,
    },
    exitOn: [],
    waitsFor: [],
    reentry: 'once-per-key',
    holdout: spec.holdout ?? 0.1,
    parameters: { couponPool: { default: spec.couponPool, about: "the coupon pool of the campaign's offer" } },
  });
  return { ...spec, journey };
}

export type HolidayCampaign = ReturnType<typeof defineHolidayCampaign>;

/** The country of a place: `CA` for `CA-ON`. */
export const countryOf = (place: Place): string => place.slice(0, 2);
