/** Every activity the worker runs: the send activities of each channel (each through the send gate), assignment records, and profile facts. */
import { createAssignmentActivities } from './assignments.ts';
import { createCouponActivities } from './coupons.ts';
import { createDirectMailActivities, type DirectMailDeps } from './direct-mail.ts';
import { createMessagingActivities, type MessagingDeps } from './messaging.ts';
import { createProfileActivities } from './profile.ts';
import { createPushActivities, type PushDeps } from './push.ts';

export type ActivityDeps = MessagingDeps & PushDeps & DirectMailDeps;

export function createActivities(deps: ActivityDeps) {
  return { ...createMessagingActivities(deps), ...createPushActivities(deps), ...createDirectMailActivities(deps), ...createAssignmentActivities(deps), ...createProfileActivities(deps), ...createCouponActivities(deps) };
}
export type Activities = ReturnType<typeof createActivities>;
