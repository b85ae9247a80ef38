import { createMessagingActivities, type MessagingDeps } from './messaging.ts';

export function createActivities(deps: MessagingDeps) {
  return { ...createMessagingActivities(deps) };
}
