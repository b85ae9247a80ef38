/**
 * The points ledger as journeys need it, read at the moment they ask (so a replay sees the
 * answer recorded then): points expiring in a week, for the expiry reminders, and whether an
 * earlier reminder already announced them (with the message ledger); how long
 * the customer's tier holds, for the tier-at-risk message; and, when a tier runs out, the
 * `Loyalty Tier Review Due` that has the ledger judge it again.
 */
import { LoyaltyTierReviewDue } from '../schemas/events/loyalty-program.ts';
import { expiryWeekOf, LOYALTY_PROGRAM_SOURCE, type ExpiringPoints, type PointsReminder, type TierOutlook } from '../schemas/loyalty.ts';
import { derivedEventId } from '../services/platform/kafka/derived-event-id.ts';
import type { EventLogWriter } from '../services/platform/kafka/customer-events.ts';
import { customerIdNow } from '../services/platform/db/customers.ts';
import type { Db } from '../services/platform/db/pool.ts';
import { findCoveringReminder, recordAnnouncedSpan } from '../services/platform/loyalty/expiry-reminders.ts';
import {
  readLotExpiryDay,
  readPointsExpiringBetween,
  readPointsExpiringInWeek,
  readTierOutlook,
} from '../services/platform/loyalty/ledger.ts';
import { defaultLoyaltyRules, type LoyaltyRules } from '../services/platform/loyalty/program-rules.ts';

export function createLoyaltyActivities(deps: { db: Db; events: EventLogWriter; loyalty?: LoyaltyRules }) {
  const rules = deps.loyalty ?? defaultLoyaltyRules;
  return {
    /**
     * Points valid at `at` that expire in the week from `week` (a Monday, YYYY-MM-DD, UTC), or
     * in the week the lot of `lotId` (an earning's event id) expires, and the balance.
     */
    async readExpiringPoints(
      request: { customerId: string; at: string } & ({ week: string } | { lotId: string }),
    ): Promise<ExpiringPoints> {
      const customerId = await customerIdNow(deps.db, request.customerId);
      const day = 'week' in request ? request.week : await readLotExpiryDay(deps.db, request.lotId);
      if (day === null) return { points: 0, expiresAt: null, lastExpiresAt: null, balance: 0 };
      return readPointsExpiringInWeek(deps.db, customerId, expiryWeekOf(day), new Date(request.at));
    },

    /**
     * A run's points-expiry reminder (`step`, its email) about to go, for the points still
     * held that expire from `first` to `last` (its week's): covered if another run's reminder
     * of the step went out (for the holdout: was recorded for them) announcing all of them;
     * otherwise the points it announces, expiring from `first` until (before) `until`, as of
     * `at`, recorded as announced by this run.
     */
    async decidePointsReminder(request: {
      customerId: string;
      workflowId: string;
      step: string;
      first: string;
      last: string;
      until: string;
      holdout: boolean;
      at: string;
    }): Promise<PointsReminder> {
      const customerId = await customerIdNow(deps.db, request.customerId);
      const { workflowId, step, holdout } = request;
      const [first, until, at] = [new Date(request.first), new Date(request.until), new Date(request.at)] as const;
      const covering = await findCoveringReminder(deps.db, {
        customerId,
        workflowId,
        step,
        first,
        last: new Date(request.last),
        holdout,
        now: at,
      });
      if (covering) return { covered: true, by: covering.workflowId, until: covering.until.toISOString() };
      const announced = await readPointsExpiringBetween(deps.db, customerId, { from: first, until }, at);
      await recordAnnouncedSpan(deps.db, { workflowId, step, customerId, from: first, until, countedAt: at });
      return { covered: false, ...announced };
    },

    /** The tier as of `at`, and when it is lost if nothing more is earned. */
    async readTierOutlook(request: { customerId: string; at: string }): Promise<TierOutlook> {
      const customerId = await customerIdNow(deps.db, request.customerId);
      return readTierOutlook(deps.db, customerId, rules, new Date(request.at));
    },

    /**
     * The tier ran out at `heldUntil`: the event that has the ledger judge it again, dated
     * `at` (the journey's now). One id per customer and moment, so a retry writes it once.
     */
    async requestTierReview(request: { customerId: string; tier: string; heldUntil: string; at: string }): Promise<void> {
      const customerId = await customerIdNow(deps.db, request.customerId);
      await deps.events.append([
        {
          eventId: derivedEventId('loyalty-tier-review-due', customerId, request.heldUntil),
          customerId,
          type: LoyaltyTierReviewDue.name,
          version: LoyaltyTierReviewDue.version,
          occurredAt: request.at,
          receivedAt: request.at,
          source: LOYALTY_PROGRAM_SOURCE,
          payload: { tier: request.tier, held_until: request.heldUntil },
        },
      ]);
    },
  };
}
