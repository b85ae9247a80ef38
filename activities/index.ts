/**
 * Every activity the worker runs: each channel's (activities/channels; the worker puts them
 * on the channel's task queue), and assignment records, profile facts, coupons and the
 * customer value recompute, and each journey's settings.
 */
import { createAssignmentActivities } from './assignments.ts';
import { createChannelActivities, type ChannelDeps } from './channels/index.ts';
import { createCouponActivities } from './coupons.ts';
import { createCustomerValueActivities } from './customer-value.ts';
import { createJourneySettingsActivities } from './journey-settings.ts';
import { createProfileActivities } from './profile.ts';

/** The channels' dependencies, and the shop's currency that customer value is in. */
export type ActivityDeps = ChannelDeps & { shopCurrency: string };

export function createActivities(deps: ActivityDeps) {
  return {
    ...createChannelActivities(deps),
    ...createAssignmentActivities(deps),
    ...createProfileActivities(deps),
    ...createCouponActivities(deps),
    ...createCustomerValueActivities(deps),
    ...createJourneySettingsActivities(deps),
  };
}
export type Activities = ReturnType<typeof createActivities>;
