/**
 * Tier upgrade: when the ledger moves a customer up a tier (`Loyalty Tier Changed`, up), a
 * welcome to the tier the next morning at 10:00 their time; the tiers named in
 * `statusCardTiers` (gold by default) also get it on a postcard, the loyalty status mailer.
 * No holdout, and never suppressed for low value: it tells the customer of the status the
 * program gave them.
 */
import type { JourneyInput, JourneyResult } from '../../schemas/journey.ts';
import { defineJourney, runJourney } from '../lib/journey.ts';

export const loyaltyTierUpgrade = defineJourney({
  id: 'loyalty-tier-upgrade',
  workflowType: 'loyaltyTierUpgradeWorkflow',
  trigger: {
    event: 'Loyalty Tier Changed',
    key: (changed) => changed.eventId,
    matches: (changed) => changed.payload.direction === 'up' && changed.payload.tier !== null,
  },
  // Moved again before the message went (a refund, or a bigger order): this one is stale.
  exitOn: [{ event: 'Loyalty Tier Changed', reason: 'tier-changed-again', matches: (first, later) => later.eventId !== first.eventId }],
  waitsFor: [],
  reentry: 'once-per-key',
  parameters: {
    statusCardTiers: { default: 'gold', about: 'tiers (comma-separated) whose welcome also goes by post; empty for none' },
  },
});

export async function loyaltyTierUpgradeWorkflow(input: JourneyInput): Promise<JourneyResult> {
  return runJourney(loyaltyTierUpgrade, input, async (journey) => {
    await journey.waitUntilLocalTime('10:00');
    await journey.send.email({ step: 'tier-upgrade', template: 'loyalty-tier-upgrade', deliverWithin: '2 days', promised: true });
    const carded = journey.parameters.statusCardTiers.split(',').map((tier) => tier.trim());
    if (journey.trigger.payload.tier !== null && carded.includes(journey.trigger.payload.tier)) {
      await journey.send.directMail({ step: 'tier-status-card', template: 'loyalty-status-card', deliverWithin: '7 days', promised: true });
    }
  });
}
