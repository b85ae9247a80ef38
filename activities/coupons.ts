/**
 * Offers a coupon from a pool: a unique single-use code for this customer and journey step
 * (the same code again on a retry or replay), or null when the pool has none to give (empty,
 * unknown, or not for the customer's country). The holdout is offered nothing, nor are the
 * customers of a journey switched off that keeps them in (its messages are skipped too).
 */
import { assignCoupon, type CouponOffer } from '../services/platform/db/coupons.ts';
import { customerCountry, customerIdNow } from '../services/platform/db/customers.ts';
import { journeySettings } from '../services/platform/db/journey-controls.ts';
import { idempotencyKeyOf } from '../services/platform/db/message-ledger.ts';
import type { Db } from '../services/platform/db/pool.ts';
import { decisionTime, type StepRequest } from './send-gate.ts';

export interface CouponRequest extends StepRequest {
  poolId: string;
}

export function createCouponActivities(deps: { db: Db }) {
  return {
    async offerCoupon(request: CouponRequest): Promise<CouponOffer | null> {
      if (request.holdout) return null;
      if (request.skipWhileDisabled && !(await journeySettings(deps.db, request.journeyId)).enabled) return null;
      const customerId = await customerIdNow(deps.db, request.customerId);
      const result = await assignCoupon(deps.db, {
        poolId: request.poolId,
        customerId,
        assignmentKey: idempotencyKeyOf(request.workflowId, request.step),
        country: await customerCountry(deps.db, customerId),
        at: decisionTime(request),
      });
      return 'refused' in result ? null : result;
    },
  };
}
