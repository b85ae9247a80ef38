/**
 * The referral program's decision as an activity, for the referee's journey
 * (workflows/journeys/referral-welcome.ts): decided once per referee, and for a reward the
 * referrer's `Referral Rewarded` written to the log, which starts their referral-reward
 * journey. Retried after a crash, it finds its decision and writes the same event id again.
 */
import type { Db } from '../services/platform/db/pool.ts';
import type { EventLogWriter } from '../services/platform/kafka/customer-events.ts';
import type { RewardDecision } from '../services/platform/referrals/reward-decision.ts';
import { decideReferral, referralRewarded, type ConvertedReferral } from '../services/platform/referrals/reward-decisions.ts';

export interface ReferralRequest extends ConvertedReferral {
  /** The journey's parameters: the least first order (shop currency, minor units), rewards per referrer per month. */
  minFirstOrder: number;
  maxRewardsPerMonth: number;
}

export function createReferralActivities(deps: { db: Db; events: EventLogWriter }) {
  return {
    async decideReferralReward(request: ReferralRequest): Promise<RewardDecision> {
      const { minFirstOrder, maxRewardsPerMonth, ...referral } = request;
      const now = new Date();
      const decision = await decideReferral(deps.db, referral, { minFirstOrder, maxRewardsPerMonth }, now);
      if (decision.outcome === 'rewarded') {
        await deps.events.append([referralRewarded(referral, referral.refereeId, decision, now.toISOString())]);
      }
      return decision;
    },
  };
}
