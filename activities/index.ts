import type { Db } from '../services/db/pool.ts';
import type { Mailer } from '../services/email/mailer.ts';
import { createMessagingActivities } from './messaging.ts';

export function createActivities(deps: { db: Db; mailer: Mailer }) {
  return { ...createMessagingActivities(deps) };
}
