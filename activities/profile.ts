/** Profile facts for journeys to branch on: read by an activity, so a replay sees the answer recorded at the time. */
import { readProfileFacts } from '../services/db/profile-facts.ts';
import type { ProfileFacts } from '../workflows/lib/journey-types.ts';
import type { Db } from '../services/db/pool.ts';

export function createProfileActivities(deps: { db: Db }) {
  return {
    readProfileFacts: (customerId: string): Promise<ProfileFacts> => readProfileFacts(deps.db, customerId),
  };
}
