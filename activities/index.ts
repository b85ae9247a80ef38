/**
 * Every activity the worker runs: each channel's (activities/channels; the worker puts them
 * on the channel's task queue), and assignment records, profile facts, coupons and the
 * customer value recompute, each journey's settings, what a customer browsed, the lapse of
 * marketing consent, the holiday campaign windows, the referral program's decisions, and
 * the loyalty points ledger.
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
import { createLoyaltyActivities } from './loyalty.ts';
import { createProfileActivities } from './profile.ts';
import { createReferralActivities } from './referrals.ts';
import type { CampaignCalendar } from '../services/platform/campaigns/holiday-windows.ts';
import type { LoyaltyRules } from '../services/platform/loyalty/program-rules.ts';

/**
 * The channels' dependencies, the shop's currency that customer value is in, the consent
 * lapse, the holiday campaigns (workflows/campaigns/), and the loyalty program's rules.
 */
export type ActivityDeps = ChannelDeps & {
  shopCurrency: string;
  consentLapseMonths?: number;
  campaigns: readonly CampaignCalendar[];
  loyalty?: LoyaltyRules;
};

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
    ...createReferralActivities(deps),
    ...createLoyaltyActivities(deps),
  };
}
export type Activities = ReturnType<typeof createActivities>;
