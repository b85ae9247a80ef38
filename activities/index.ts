/** Every activity the worker runs: one send activity per channel, each through the send gate. */
import { createDirectMailActivities, type DirectMailDeps } from './direct-mail.ts';
import { createMessagingActivities, type MessagingDeps } from './messaging.ts';
import { createPushActivities, type PushDeps } from './push.ts';

export type ActivityDeps = MessagingDeps & PushDeps & DirectMailDeps;

export function createActivities(deps: ActivityDeps) {
  return { ...createMessagingActivities(deps), ...createPushActivities(deps), ...createDirectMailActivities(deps) };
}
export type Activities = ReturnType<typeof createActivities>;
