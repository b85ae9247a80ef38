/**
 * What journeys learn about the customer through activities, so that a replay sees the
 * answer recorded at the time: profile facts to branch on, and when a time of the
 * customer's own day next comes.
 */
import { ApplicationFailure } from '@temporalio/common';
import { findCustomer } from '../services/db/customers.ts';
import type { Db } from '../services/db/pool.ts';
import { readProfileFacts } from '../services/db/profile-facts.ts';
import { nextLocalTime, parseTimeOfDay } from '../services/local-time.ts';
import type { SendPolicy } from '../services/send-policy/send-policy.ts';
import type { ProfileFacts } from '../schemas/journey.ts';
import { failureTypes } from './failure-types.ts';

export function createProfileActivities(deps: { db: Db; policy: SendPolicy }) {
  return {
    readProfileFacts: (customerId: string): Promise<ProfileFacts> => readProfileFacts(deps.db, customerId),

    /** The first moment after `after` (ISO) when it is `time` (HH:MM) in the customer's zone, or the shop's. */
    async nextLocalTime(request: { customerId: string; time: string; after: string }): Promise<string> {
      let minuteOfDay: number;
      try {
        minuteOfDay = parseTimeOfDay(request.time);
      } catch (error) {
        throw ApplicationFailure.create({ type: failureTypes.invalidJourney, message: (error as Error).message, nonRetryable: true });
      }
      const zone = (await findCustomer(deps.db, request.customerId))?.timeZone ?? deps.policy.defaultTimeZone;
      return nextLocalTime(new Date(request.after), minuteOfDay, zone).toISOString();
    },
  };
}
