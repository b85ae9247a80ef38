import type { Db } from '../services/db/pool.ts';
import type { Mailer } from '../services/email/mailer.ts';
import type { OutcomePublisher } from '../services/kafka/journey-outcomes.ts';
import type { SendPolicy } from '../services/send-policy/send-policy.ts';
import { createMessagingActivities } from './messaging.ts';

export function createActivities(deps: { db: Db; mailer: Mailer; outcomes: OutcomePublisher; policy: SendPolicy }) {
  return { ...createMessagingActivities(deps) };
}
