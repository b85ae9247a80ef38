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
/** Sent for the invitee; `referrer_id` is the customer who invited them. */
export const ReferralAccepted = defineEvent('Referral Accepted', 1, z.object({ referral_id: Id, referrer_id: Id }).loose());

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
