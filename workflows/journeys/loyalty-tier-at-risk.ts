/**
 * Tier at risk: a tier counts what the customer earned over the last 12 months, so it slips
 * as old earnings leave the window. Each tier reached starts a run that asks the ledger when
 * the tier would be lost if nothing more came (`heldUntil`), and `warnDaysBefore` (30) days
 * before, tells the customer what keeps it. Earning more moves that moment: the run asks
 * again at each wake-up, and after a warning waits for the moment itself, warning again if
 * the customer kept the tier and it slips once more. Another tier change ends the run (the
 * next one has its own). When the moment comes with the tier not kept, the run asks the
 * ledger to judge it again (`Loyalty Tier Review Due`), which writes the lapse. A tenth is
 * held out, so the warning's lift can be measured.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import type { JourneyInput, JourneyResult } from '../../schemas/journey.ts';
import { defineJourney, runJourney } from '../lib/journey.ts';

export const WARN_DAYS_BEFORE = 30;
/** Two years of yearly warnings at most: the run then ends, and the next tier change starts another. */
const MAX_WARNINGS = 2;
const DAY_MS = 86_400_000;

const { readTierOutlook, requestTierReview } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

export const loyaltyTierAtRisk = defineJourney({
  id: 'loyalty-tier-at-risk',
  workflowType: 'loyaltyTierAtRiskWorkflow',
  trigger: { event: 'Loyalty Tier Changed', key: (changed) => changed.eventId, matches: (changed) => changed.payload.tier !== null },
  exitOn: [{ event: 'Loyalty Tier Changed', reason: 'tier-changed', matches: (first, later) => later.eventId !== first.eventId }],
  waitsFor: [],
  reentry: 'once-per-key',
  holdout: 0.1,
  parameters: {
    warnDaysBefore: { default: WARN_DAYS_BEFORE, about: 'days before the tier would be lost that the customer is told', min: 1 },
  },
});

export async function loyaltyTierAtRiskWorkflow(input: JourneyInput): Promise<JourneyResult> {
  return runJourney(loyaltyTierAtRisk, input, async (journey) => {
    const { tier, basis } = journey.trigger.payload;
    const warnMs = journey.parameters.warnDaysBefore * DAY_MS;
    const outlook = () => readTierOutlook({ customerId: input.customerId, at: new Date().toISOString() });
    let warnings = 0;
    // The moment last slept until: asked again then, an unchanged answer is due now (in a
    // scaled run the clock after a wait is still before it).
    let sleptUntil: number | null = null;
    while (warnings < MAX_WARNINGS) {
      const now = await outlook();
      if (now.tier !== tier || now.heldUntil === null || now.neededToKeep === null) {
        // The tier ran out with time: the ledger judges it again now (nothing else would
        // until the customer's next earning), and the change it writes ends this run.
        if (tier !== null && sleptUntil !== null) {
          await requestTierReview({
            customerId: input.customerId,
            tier,
            heldUntil: new Date(sleptUntil).toISOString(),
            at: new Date().toISOString(),
          });
        }
        return journey.leave('tier-lapsed');
      }
      const heldUntil = Date.parse(now.heldUntil);
      const warnAt = heldUntil - warnMs;
      if (warnAt !== sleptUntil && Date.now() < warnAt) {
        // Not yet: sleep until the warning is due, then ask again (more may have been earned).
        sleptUntil = warnAt;
        await journey.waitUntil(warnAt);
        continue;
      }
      warnings += 1;
      await journey.send.email({
        step: `tier-at-risk-${warnings}`,
        template: 'loyalty-tier-at-risk',
        deliverWithin: '3 days',
        facts: { tier, basis, heldUntil: now.heldUntil, neededToKeep: now.neededToKeep },
      });
      sleptUntil = heldUntil;
      await journey.waitUntil(heldUntil);
    }
  });
}
