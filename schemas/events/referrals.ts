/** The referral program's own events (services/platform/referrals). */
import { z } from 'zod';
import { Id } from '../primitives.ts';
import { defineEvent } from './define.ts';

/**
 * For the referrer: a referee's first order made the referral successful, and the referrer
 * is rewarded from `reward_pool` (the tier they reached with `referral_number` successes).
 * Written by the product, once per referee.
 */
export const ReferralRewarded = defineEvent(
  'Referral Rewarded',
  1,
  z.object({
    referral_id: Id,
    referee_id: Id,
    order_id: Id,
    referral_number: z.number().int().positive(),
    tier: z.string().max(100),
    reward_pool: z.string().max(200),
  }),
);
