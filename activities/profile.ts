/**
 * What journeys learn about the customer through activities, so that a replay sees the
 * answer recorded at the time: profile facts to branch on, and when a time of the
 * customer's own day next comes.
 */
import { ApplicationFailure } from '@temporalio/common';
import { customerIdNow, findCustomer } from '../services/platform/db/customers.ts';
import type { Db } from '../services/platform/db/pool.ts';
import { readProfileFacts } from '../services/platform/db/profile-facts.ts';
import { nextAnniversary, nextLocalTime, parseTimeOfDay } from '../services/platform/local-time.ts';
import type { SendPolicy } from '../services/platform/send-policy/send-policy.ts';
import type { Anniversary, ProfileFacts } from '../schemas/journey.ts';
import { reachableChannels } from './channels/index.ts';
import { failureTypes } from './failure-types.ts';

export function createProfileActivities(deps: { db: Db; policy: SendPolicy; shopCurrency: string }) {
  const timeZoneOf = async (journeyCustomerId: string) => {
    const customerId = await customerIdNow(deps.db, journeyCustomerId);
    return (await findCustomer(deps.db, customerId))?.timeZone ?? deps.policy.defaultTimeZone;
  };
  return {
    async readProfileFacts(journeyCustomerId: string): Promise<ProfileFacts> {
      const customerId = await customerIdNow(deps.db, journeyCustomerId);
      const [facts, profile] = await Promise.all([
        readProfileFacts(deps.db, customerId, deps.shopCurrency),
        findCustomer(deps.db, customerId),
      ]);
      return { ...facts, reachableOn: await reachableChannels(deps.db, profile) };
    },

    /** The first moment after `after` (ISO) when it is `time` (HH:MM) in the customer's zone, or the shop's. */
    async nextLocalTime(request: { customerId: string; time: string; after: string }): Promise<string> {
      const minuteOfDay = asJourneyError(() => parseTimeOfDay(request.time));
      const zone = await timeZoneOf(request.customerId);
      return nextLocalTime(new Date(request.after), minuteOfDay, zone).toISOString();
    },

    /** When a yearly occasion (a birthday, a sign-up's anniversary) next comes at `time` in the customer's zone, and its year. */
    async nextAnniversary(request: { customerId: string; of: Anniversary; time: string; after: string }) {
      const zone = await timeZoneOf(request.customerId);
      return asJourneyError(() => nextAnniversary(request, zone));
    },
  };
}

/** A journey asking for something that cannot be (a time of day "25:00"): it fails, not retries. */
function asJourneyError<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw ApplicationFailure.create({ type: failureTypes.invalidJourney, message: (error as Error).message, nonRetryable: true });
  }
}
