/**
 * What the confirm-subscription journey asks: whether the grant that started it waits for its
 * double opt-in confirmation. The router may hand the journey its trigger before the
 * projector has stored it; the answer would then be about the consent before the grant, so
 * the activity fails (retried by the workflow's policy) until the grant is projected.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Channel } from '../schemas/primitives.ts';
import { customerIdNow, grantAwaitingConfirmation } from '../services/platform/db/customers.ts';
import type { Db } from '../services/platform/db/pool.ts';
import { failureTypes } from './failure-types.ts';

export function createDoubleOptInActivities(deps: { db: Db }) {
  return {
    async readSubscriptionState(request: {
      customerId: string;
      channel: Channel;
      grantEventId: string;
      grantedAt: string;
    }): Promise<'pending' | 'not-pending'> {
      const stored = await deps.db.query('select 1 from events where event_id = $1', [request.grantEventId]);
      if (stored.rowCount === 0) {
        throw ApplicationFailure.retryable('the grant is not projected yet', failureTypes.notYetProjected);
      }
      const customerId = await customerIdNow(deps.db, request.customerId);
      return (await grantAwaitingConfirmation(deps.db, customerId, request.channel, request.grantedAt)) ? 'pending' : 'not-pending';
    },
  };
}
