/**
 * A journey's settings as a customer enters it (an activity: the answer goes into the
 * history, so a replay enters with the same numbers however they were changed since).
 */
import { journeySettings } from '../services/platform/db/journey-controls.ts';
import type { Db } from '../services/platform/db/pool.ts';
import type { JourneySettings } from '../schemas/journey.ts';

export function createJourneySettingsActivities(deps: { db: Db }) {
  return {
    readJourneySettings: (journeyId: string): Promise<JourneySettings> => journeySettings(deps.db, journeyId),
  };
}
