// Workflow types the worker registers. Named exports only: anything exported here becomes a
// workflow type, so helpers must never be re-exported with `export *`.
export { customerWorkflow } from './customer.ts';
export { cartAbandonmentWorkflow } from './journeys/cart-abandonment.ts';
export { welcomeWorkflow } from './journeys/welcome.ts';
export { reviewRequestWorkflow } from './journeys/review-request.ts';
export { vipRecognitionWorkflow } from './journeys/vip-recognition.ts';
export { winBackWorkflow } from './journeys/win-back.ts';
export { supportRecoveryWorkflow } from './journeys/support-recovery.ts';
export { birthdayWorkflow } from './journeys/birthday.ts';
export { browseAbandonmentWorkflow } from './journeys/browse-abandonment.ts';
export { signupAnniversaryWorkflow, firstOrderAnniversaryWorkflow } from './journeys/anniversaries.ts';
export { oopsApologyWorkflow } from './journeys/oops-apology.ts';
export { awarenessCatalogWorkflow } from './journeys/awareness-catalog.ts';
export { newCustomerBonusWorkflow } from './journeys/new-customer-bonus.ts';
export { championsLetterWorkflow } from './journeys/champions-letter.ts';
export { rePermissionWorkflow } from './journeys/re-permission.ts';
export { confirmSubscriptionWorkflow } from './journeys/confirm-subscription.ts';
export { referralWelcomeWorkflow } from './journeys/referral-welcome.ts';
export { referralRewardWorkflow } from './journeys/referral-reward.ts';
export { loyaltyPointsExpiryWorkflow } from './journeys/loyalty-points-expiry.ts';
export { loyaltyMilestoneWorkflow } from './journeys/loyalty-milestone.ts';
export { loyaltyTierUpgradeWorkflow } from './journeys/loyalty-tier-upgrade.ts';
export { loyaltyTierAtRiskWorkflow } from './journeys/loyalty-tier-at-risk.ts';
export { holidayCampaignWorkflow } from './campaigns/holiday-campaign.ts';
export { customerValueRecomputeWorkflow } from './maintenance/customer-value.ts';
