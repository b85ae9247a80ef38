/**
 * What crosses between the loyalty program and journeys: the source of the program's own
 * events, and what journeys learn about a customer's points through activities.
 */

/** The `source` of the events the loyalty program writes (schemas/events/loyalty-program.ts). */
export const LOYALTY_PROGRAM_SOURCE = 'loyalty-program';

/** Points still valid that expire in one week, the first and last of them to go, and the whole balance. */
export interface ExpiringPoints {
  points: number;
  /** ISO times; null when nothing valid expires that week (redeemed, or taken back). */
  expiresAt: string | null;
  lastExpiresAt: string | null;
  balance: number;
}

/**
 * A points-expiry reminder as it is about to go (activities/loyalty.ts `decidePointsReminder`):
 * covered when another run's reminder of the same step, which went out (or, for the holdout,
 * would have), announced every point this one would; otherwise what it announces.
 */
export type PointsReminder =
  | {
      covered: true;
      /** The workflow id of the run whose reminder announced them, and the last expiry it announced (ISO). */
      by: string;
      until: string;
    }
  | ({ covered: false } & ExpiringPoints);

/**
 * The Monday (YYYY-MM-DD, UTC) of the week a day falls in: points expiring the same week are
 * announced together, so a customer who buys every day hears of them weekly, not daily.
 */
export function expiryWeekOf(day: string): string {
  const date = new Date(`${day.slice(0, 10)}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
}

/** The customer's tier and when it is lost if nothing more is earned (services/platform/loyalty/ledger.ts). */
export interface TierOutlook {
  tier: string | null;
  /** Points, or spend in shop currency units, over the last 12 months. */
  qualifying: number;
  /** ISO time; null without a tier. */
  heldUntil: string | null;
  /** What must be earned (points, or spend) before `heldUntil` to keep the tier past it; null without a tier. */
  neededToKeep: number | null;
  nextTier: { name: string; needed: number } | null;
}
