/**
 * Whether a referee's first order rewards their referrer: the conversion condition (a first
 * order of at least the minimum), the fraud checks (the referee is not the referrer under
 * another id, and shares no email, phone, postal address or payment card with them), the
 * monthly limit, and the reward tier the referrer reaches. Pure: reward-decisions.ts reads
 * the facts under a lock and records what this decides.
 */

/** After 1, 3, 5 and 10 successful referrals: each tier rewards from its own coupon pool (create them with `journeys coupons create`). */
export const rewardTiers = [
  { from: 1, tier: 'friend', pool: 'referral-reward' },
  { from: 3, tier: 'advocate', pool: 'referral-reward-advocate' },
  { from: 5, tier: 'ambassador', pool: 'referral-reward-ambassador' },
  { from: 10, tier: 'champion', pool: 'referral-reward-champion' },
] as const;

export const refusalReasons = [
  'unknown-referrer',
  'self-referral',
  'same-email',
  'same-phone',
  'same-address',
  'same-payment',
  'not-first-order',
  'order-below-minimum',
  /** The order carried no total, or one in a currency with no rate to the shop's (CURRENCY_RATES). */
  'order-amount-unknown',
  'monthly-limit',
] as const;
export type ReferralRefusal = (typeof refusalReasons)[number];

export interface ReferralFacts {
  /** Null when neither the referrer id nor the code names a customer we know. */
  referrerId: string | null;
  /** The referee and the referrer are one customer (the same id, or ids merged into one). */
  sameCustomer: boolean;
  sharesEmail: boolean;
  sharesPhone: boolean;
  sharesAddress: boolean;
  sharesPaymentCard: boolean;
  /** The referee ordered before this order. */
  orderedBefore: boolean;
  /** This order in the shop's currency (minor units); null when its currency has no rate. */
  orderAmount: number | null;
  /** The referrer's rewards in the decision's calendar month (UTC), and ever. */
  rewardsThisMonth: number;
  rewardsBefore: number;
}

export interface ProgramRules {
  /** The least first order that counts, in the shop's currency (minor units). */
  minFirstOrder: number;
  maxRewardsPerMonth: number;
}

export type RewardDecision =
  | { outcome: 'rewarded'; referrerId: string; referralNumber: number; tier: string; rewardPool: string }
  | { outcome: 'refused'; referrerId: string | null; reason: ReferralRefusal };

export function tierFor(referralNumber: number) {
  return rewardTiers.filter((tier) => referralNumber >= tier.from).at(-1) ?? rewardTiers[0];
}

export function decideReward(facts: ReferralFacts, rules: ProgramRules): RewardDecision {
  const { referrerId } = facts;
  const refuse = (reason: ReferralRefusal): RewardDecision => ({ outcome: 'refused', referrerId, reason });
  if (referrerId === null) return refuse('unknown-referrer');
  if (facts.sameCustomer) return refuse('self-referral');
  if (facts.sharesEmail) return refuse('same-email');
  if (facts.sharesPhone) return refuse('same-phone');
  if (facts.sharesAddress) return refuse('same-address');
  if (facts.sharesPaymentCard) return refuse('same-payment');
  if (facts.orderedBefore) return refuse('not-first-order');
  if (facts.orderAmount === null) return refuse('order-amount-unknown');
  if (facts.orderAmount < rules.minFirstOrder) return refuse('order-below-minimum');
  if (facts.rewardsThisMonth >= rules.maxRewardsPerMonth) return refuse('monthly-limit');
  const referralNumber = facts.rewardsBefore + 1;
  const { tier, pool } = tierFor(referralNumber);
  return { outcome: 'rewarded', referrerId, referralNumber, tier, rewardPool: pool };
}
