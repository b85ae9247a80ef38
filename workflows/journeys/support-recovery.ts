/**
 * Support recovery: a complaint gets one apology by email within the hour, with a "sorry"
 * coupon sized by the complaint's severity, one size up for a high-value customer, once per
 * complaint however often it is sent. No holdout: every complaint is answered (its lift is
 * not worth leaving an unhappy customer unanswered).
 */
import type { JourneyInput, JourneyResult } from '../../schemas/journey.ts';
import type { PayloadOf } from '../../schemas/catalog.ts';
import { defineJourney, runJourney } from '../lib/journey.ts';

/** Operators fill them: `journeys coupons create sorry-10 …`, then `journeys coupons generate`. */
export const SORRY_POOLS = ['sorry-10', 'sorry-15', 'sorry-25'] as const;
const sizeOf: Record<NonNullable<PayloadOf<'Complaint Filed'>['severity']>, number> = { low: 0, medium: 1, high: 2 };

export const supportRecovery = defineJourney({
  id: 'support-recovery',
  workflowType: 'supportRecoveryWorkflow',
  trigger: { event: 'Complaint Filed', key: (complaint) => complaint.payload.complaint_id },
  exitOn: [],
  waitsFor: [],
  reentry: 'once-per-key',
  // Its apology is promised within the hour: ahead of the rest on a busy queue.
  priority: 'urgent',
});

export async function supportRecoveryWorkflow(input: JourneyInput): Promise<JourneyResult> {
  return runJourney(supportRecovery, input, async (journey) => {
    const { segments } = await journey.profile();
    const size = Math.min(
      SORRY_POOLS.length - 1,
      sizeOf[journey.trigger.payload.severity ?? 'low'] + (segments.includes('high-value') ? 1 : 0),
    );
    const coupon = await journey.offerCoupon({ step: 'sorry-coupon', pool: SORRY_POOLS[size]! });
    await journey.send.email({ step: 'apology', template: coupon ? 'apology-coupon' : 'apology', deliverWithin: '1 hour', coupon });
  });
}
