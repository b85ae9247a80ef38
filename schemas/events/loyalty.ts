/** Service recovery, referrals and loyalty points. */
import { z } from 'zod';
import { Channel, Id } from '../primitives.ts';
import { defineEvent } from './define.ts';

/** `severity` sizes the apology's coupon (support recovery); none is treated as low. */
export const ComplaintFiled = defineEvent(
  'Complaint Filed',
  1,
  z
    .object({
      complaint_id: Id,
      order_id: Id.optional(),
      product_id: Id.optional(),
      reason: z.string().max(2000).optional(),
      severity: z.enum(['low', 'medium', 'high']).optional(),
    })
    .loose(),
);

export const ReferralSent = defineEvent(
  'Referral Sent',
  1,
  z.object({ referral_id: Id, channel: Channel.or(z.literal('link')).optional() }).loose(),
);
/**
 * Sent for the invitee when they sign up through a referral: `referrer_id` is the customer
 * who invited them, or `referral_code` the code of their link (`?ref=<code>`), which the
 * program resolves to the referrer.
 */
export const ReferralAccepted = defineEvent(
  'Referral Accepted',
  1,
  z
    .object({ referral_id: Id, referrer_id: Id.optional(), referral_code: z.string().min(1).max(100).optional() })
    .loose()
    .refine((accepted) => accepted.referrer_id !== undefined || accepted.referral_code !== undefined, {
      message: 'names the referrer: referrer_id or referral_code',
      path: ['referrer_id'],
    })
    // The same rule in the generated JSON Schema, which cannot read the refinement.
    .meta({ anyOf: [{ required: ['referrer_id'] }, { required: ['referral_code'] }] }),
);

const points = z.number().int().positive();
export const LoyaltyPointsEarned = defineEvent(
  'Loyalty Points Earned',
  1,
  z
    .object({
      points,
      reason: z.enum(['purchase', 'review', 'social_share', 'referral', 'bonus']),
      order_id: Id.optional(),
      expires_at: z.iso.datetime({ offset: true }).optional(),
    })
    .loose(),
);
export const LoyaltyPointsRedeemed = defineEvent(
  'Loyalty Points Redeemed',
  1,
  z.object({ points, reward: z.string().max(200).optional(), order_id: Id.optional() }).loose(),
);
