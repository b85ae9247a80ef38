/**
 * Every activity the worker runs: each channel's (activities/channels; the worker puts them
 * on the channel's task queue), and assignment records, profile facts, coupons and the
 * customer value recompute, each journey's settings, what a customer browsed, and the lapse
 * of marketing consent.
 */
import { createAssignmentActivities } from './assignments.ts';
import { createBrowsingActivities } from './browsing.ts';
import { createChannelActivities, type ChannelDeps } from './channels/index.ts';
import { createConsentLapseActivities } from './consent-lapse.ts';
import { createCouponActivities } from './coupons.ts';
import { createCustomerValueActivities } from './customer-value.ts';
import { createJourneySettingsActivities } from './journey-settings.ts';
import { createProfileActivities } from './profile.ts';

/** The channels' dependencies, and the shop's currency that customer value is in. */
export type ActivityDeps = ChannelDeps & { shopCurrency: string; consentLapseMonths?: number };

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
  };
}
export type Activities = ReturnType<typeof createActivities>;
