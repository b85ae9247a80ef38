/**
 * Every activity the worker runs: each channel's (activities/channels; the worker puts them
 * on the channel's task queue), and assignment records, profile facts, coupons and the
 * customer value recompute, each journey's settings, what a customer browsed, the lapse of
 * marketing consent, and the holiday campaign windows.
 */
import { createAssignmentActivities } from './assignments.ts';
import { createBrowsingActivities } from './browsing.ts';
import { createCampaignActivities } from './campaigns.ts';
import { createChannelActivities, type ChannelDeps } from './channels/index.ts';
import { createConsentLapseActivities } from './consent-lapse.ts';
import { createCouponActivities } from './coupons.ts';
import { createDoubleOptInActivities } from './double-opt-in.ts';
import { createCustomerValueActivities } from './customer-value.ts';
import { createJourneySettingsActivities } from './journey-settings.ts';
import { createProfileActivities } from './profile.ts';
import type { CampaignCalendar } from '../services/platform/campaigns/holiday-windows.ts';

/** The channels' dependencies, the shop's currency that customer value is in, the consent lapse, and the holiday campaigns (workflows/campaigns/). */
export type ActivityDeps = ChannelDeps & { shopCurrency: string; consentLapseMonths?: number; campaigns: readonly CampaignCalendar[] };

export function createActivities(deps: ActivityDeps) {
  return {
    ...createChannelActivities(deps),
    ...createAssignmentActivities(deps),
    ...createProfileActivities(deps),
    ...createCouponActivities(deps),
    ...createCustomerValueActivities(deps),
    ...createJourneySettingsActivities(deps),
    ...createBrowsingActivities(deps),
    ...createConsentLapseActivities(deps),
    ...createDoubleOptInActivities(deps),
    ...createCampaignActivities(deps),
  };
}
export type Activities = ReturnType<typeof createActivities>;
