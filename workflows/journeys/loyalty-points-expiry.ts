/**
 * Points-expiry reminders: points expire a set time after they were earned (LOYALTY_POINTS_
 * EXPIRY_MONTHS, 12), so each earning starts a run for the week its points expire (one run
 * per week, Monday to Sunday). 30 days before the first of that week's points goes, an email
 * says how many expire and when; customers whose balance is worth it (`cardMinBalance`
 * points) also get a card in the post, which needs the month to arrive. 7 days before, a
 * last email. Each reminder asks the ledger first: points redeemed (or taken back by a
 * refund) in the meantime are not announced, and once none of that week's are left the run
 * ends. A tenth is held out, so the reminders' lift on redemptions and orders can be measured.
 *
 * A customer who buys every week has points expiring every week: so a reminder announces all
 * the points expiring in the `coverDays` (30) from its week's first, and a later week's run
 * whose points all fall inside a reminder of the same step (30 or 7 days) that went out sends
 * nothing: its email, and the card that follows it, are recorded as skipped
 * ('covered-by-earlier-reminder'). A weekly buyer hears of their expiring points about once a
 * month, twice in it, instead of twice a week. The holdout's reminders cover each other as
 * the treated's do, so both arms record the same reminders.
 */
import { patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import type { CustomerEvent } from '../../schemas/envelope.ts';
import type { JourneyInput, JourneyResult } from '../../schemas/journey.ts';
import { expiryWeekOf } from '../../schemas/loyalty.ts';
import { defineJourney, runJourney } from '../lib/journey.ts';

/** Days before the points expire the customer is reminded. */
export const REMIND_DAYS_BEFORE = [30, 7] as const;
/** A postcard costs about a unit of the shop's currency: worth it for a balance of this many points. */
export const CARD_MIN_BALANCE = 1000;
/** Days of expiring points one reminder announces, from the first of its week's: about a month. */
export const COVER_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * One run per week points expire (UTC). A shop's earning without a date expires the
 * configured months after it was earned, so the week it was earned keys it.
 */
const expiryWeekKey = (earned: CustomerEvent<'Loyalty Points Earned'>) =>
  earned.payload.expires_at ? expiryWeekOf(new Date(earned.payload.expires_at).toISOString()) : `earned-${expiryWeekOf(earned.occurredAt)}`;

/** Where a reminder's span ends (ms): `coverDays` after its first point, and never before its week does. */
const spanEnd = (first: string, week: string, coverDays: number) =>
  Math.max(Date.parse(first) + coverDays * DAY_MS, Date.parse(`${week}T00:00:00.000Z`) + 7 * DAY_MS);

const { readExpiringPoints, decidePointsReminder } = proxyActivities<Activities>({
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
    coverDays: {
      default: COVER_DAYS,
      about:
        "days of expiring points a reminder announces, from its week's first: later weeks' runs inside them send nothing (0: each week its own)",
    },
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
      const step = `points-expiring-${daysBefore}`;
      const first = now.expiresAt ?? firstExpiry;
      const last = now.lastExpiresAt ?? firstExpiry;
      // Added after release: runs from before announce their week's points alone, however
      // many other runs announce theirs.
      const decided = patched('points-reminders-announce-a-span')
        ? await decidePointsReminder({
            customerId,
            workflowId: workflowInfo().workflowId,
            step,
            first,
            last,
            until: new Date(spanEnd(first, week, journey.parameters.coverDays)).toISOString(),
            holdout: journey.holdout,
            at: at(),
          })
        : ({ covered: false, ...now } as const);
      const announced = decided.covered ? now : decided;
      const facts = {
        points: announced.points,
        expiresAt: announced.expiresAt ?? first,
        lastExpiresAt: announced.lastExpiresAt ?? last,
        balance: announced.balance,
        daysLeft: daysBefore,
      };
      // Covered: recorded as skipped, card and all, so the ledger says why this week was not told.
      const covered = decided.covered ? { covered: true } : {};
      await journey.send.email({ step, template: 'loyalty-points-expiring', deliverWithin: '2 days', facts, ...covered });
      // The post takes days: only the first reminder leaves time for a card to arrive before the points go.
      if (daysBefore === REMIND_DAYS_BEFORE[0] && announced.balance >= journey.parameters.cardMinBalance) {
        await journey.send.directMail({
          step: `points-expiring-card-${daysBefore}`,
          template: 'loyalty-points-expiring-card',
          deliverWithin: '3 days',
          facts,
          ...covered,
        });
      }
    }
  });
}
