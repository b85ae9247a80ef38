/**
 * Points-expiry reminders: points expire a set time after they were earned (LOYALTY_POINTS_
 * EXPIRY_MONTHS, 12), so each earning starts a run for the week its points expire (one run
 * per week, Monday to Sunday: a customer who buys every day hears of their expiring points
 * weekly, not daily). 30 days before the first of that week's points goes,
 * an email says how many expire and when; customers whose balance is worth it
 * (`cardMinBalance` points) also get a card in the post, which needs the month to arrive.
 * 7 days before, a last email. Each reminder asks the ledger first: points redeemed (or
 * taken back by a refund) in the meantime are not announced, and once none of that week's
 * are left the run ends. A tenth is held out, so the reminders' lift on redemptions and
 * orders can be measured.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import type { CustomerEvent } from '../../schemas/envelope.ts';
import type { JourneyInput, JourneyResult } from '../../schemas/journey.ts';
import { expiryWeekOf } from '../../schemas/loyalty.ts';
import { defineJourney, runJourney } from '../lib/journey.ts';

/** Days before the points expire the customer is reminded. */
export const REMIND_DAYS_BEFORE = [30, 7] as const;
/** A postcard costs about a unit of the shop's currency: worth it for a balance of this many points. */
export const CARD_MIN_BALANCE = 1000;
const DAY_MS = 86_400_000;

/**
 * One run per week points expire (UTC). A shop's earning without a date expires the
 * configured months after it was earned, so the week it was earned keys it.
 */
const expiryWeekKey = (earned: CustomerEvent<'Loyalty Points Earned'>) =>
  earned.payload.expires_at ? expiryWeekOf(new Date(earned.payload.expires_at).toISOString()) : `earned-${expiryWeekOf(earned.occurredAt)}`;

const { readExpiringPoints } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

export const loyaltyPointsExpiry = defineJourney({
  id: 'loyalty-points-expiry',
  workflowType: 'loyaltyPointsExpiryWorkflow',
  trigger: { event: 'Loyalty Points Earned', key: expiryWeekKey },
  exitOn: [],
  waitsFor: [],
  reentry: 'once-per-key',
  holdout: 0.1,
  // A shop's `Loyalty Points Earned` has reached customer workflows since they moved the
  // lifecycle stage: their histories may hold one that, replayed, must not start this.
  addedAs: 'journey-loyalty-points-expiry',
  parameters: {
    cardMinBalance: { default: CARD_MIN_BALANCE, about: 'points balance a customer needs for the postcard 30 days before points expire' },
  },
});

export async function loyaltyPointsExpiryWorkflow(input: JourneyInput): Promise<JourneyResult> {
  return runJourney(loyaltyPointsExpiry, input, async (journey) => {
    const { customerId } = input;
    const earned = journey.trigger;
    const at = () => new Date().toISOString();
    // An earning that named no date expires when the ledger says (the configured months after it).
    const { expires_at } = earned.payload;
    const firstLook = await readExpiringPoints(
      expires_at
        ? { customerId, week: expiryWeekOf(new Date(expires_at).toISOString()), at: at() }
        : { customerId, lotId: earned.eventId, at: at() },
    );
    const firstExpiry = firstLook.expiresAt;
    if (firstExpiry === null) return journey.leave('nothing-expiring');
    const expiresAt = Date.parse(firstExpiry);
    const week = expiryWeekOf(firstExpiry);

    for (const daysBefore of REMIND_DAYS_BEFORE) {
      const due = expiresAt - daysBefore * DAY_MS;
      // Earned less than this long before it expires (a shop's short-lived bonus): this reminder has passed.
      if (Date.now() > due) continue;
      await journey.waitUntil(due);
      journey.step(`reminder-${daysBefore}`);
      const now = await readExpiringPoints({ customerId, week, at: at() });
      if (now.points === 0) journey.leave('points-used');
      const facts = {
        points: now.points,
        expiresAt: now.expiresAt ?? firstExpiry,
        lastExpiresAt: now.lastExpiresAt ?? firstExpiry,
        balance: now.balance,
        daysLeft: daysBefore,
      };
      await journey.send.email({
        step: `points-expiring-${daysBefore}`,
        template: 'loyalty-points-expiring',
        deliverWithin: '2 days',
        facts,
      });
      // The post takes days: only the first reminder leaves time for a card to arrive before the points go.
      if (daysBefore === REMIND_DAYS_BEFORE[0] && now.balance >= journey.parameters.cardMinBalance) {
        await journey.send.directMail({
          step: `points-expiring-card-${daysBefore}`,
          template: 'loyalty-points-expiring-card',
          deliverWithin: '3 days',
          facts,
        });
      }
    }
  });
}
