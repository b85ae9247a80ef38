/** Every activity the worker runs: the send activities of each channel (each through the send gate), and assignment records. */
import { createAssignmentActivities } from './assignments.ts';
import { createDirectMailActivities, type DirectMailDeps } from './direct-mail.ts';
import { createMessagingActivities, type MessagingDeps } from './messaging.ts';
import { createPushActivities, type PushDeps } from './push.ts';

export type ActivityDeps = MessagingDeps & PushDeps & DirectMailDeps;

export function createActivities(deps: ActivityDeps) {
  return { ...createMessagingActivities(deps), ...createPushActivities(deps), ...createDirectMailActivities(deps), ...createAssignmentActivities(deps) };
}
export type Activities = ReturnType<typeof createActivities>;
