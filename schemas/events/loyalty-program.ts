/**
 * The loyalty program's own events (services/platform/loyalty): written by the product when
 * the points ledger moves a customer into another tier or past a milestone, once each (ids
 * derived from what caused them). The program also writes a `Loyalty Points Earned` for each
 * credit it makes itself (purchases, reviews, referrals), under `LOYALTY_PROGRAM_SOURCE`.
 */
import { z } from 'zod';
import { defineEvent } from './define.ts';

export { LOYALTY_PROGRAM_SOURCE } from '../loyalty.ts';

const tierName = z.string().min(1).max(50);

/**
 * The customer's tier changed: `tier` null when they fell below the lowest. `qualifying` is
 * what the tier is judged on over the last 12 months (points, or spend in shop currency units).
 */
export const LoyaltyTierChanged = defineEvent(
  'Loyalty Tier Changed',
  1,
  z.object({
    tier: tierName.nullable(),
    previous_tier: tierName.nullable(),
    direction: z.enum(['up', 'down']),
    basis: z.enum(['points', 'spend']),
    qualifying: z.number().int().nonnegative(),
  }),
);

/** The customer's lifetime points (net of refunds) reached a milestone the program rewards. */
export const LoyaltyMilestoneReached = defineEvent(
  'Loyalty Milestone Reached',
  1,
  z.object({ milestone: z.number().int().positive(), lifetime_points: z.number().int().nonnegative() }),
);

/**
 * The moment a tier would lapse has come (its 12-month total ran out): the ledger judges the
 * tier again as of then, and a lapse becomes a `Loyalty Tier Changed`. Written by the
 * tier-at-risk journey at `held_until`, once per customer and moment; without it a tier would
 * only move at the customer's next earning or redemption.
 */
export const LoyaltyTierReviewDue = defineEvent(
  'Loyalty Tier Review Due',
  1,
  z.object({ tier: tierName, held_until: z.iso.datetime({ offset: true }) }),
);
