/**
 * What journeys did, published to `journey-outcomes` (one message per send decision, keyed
 * by customer id) so that analytics and holdout reports are computed from facts. The
 * outcome id is the step's idempotency key: a re-published outcome is recognisably the same.
 */
import { z } from 'zod';
import { Channel, Id, IsoDateTime } from './primitives.ts';

export const JourneyOutcome = z.object({
  outcomeId: z.string().min(1),
  customerId: Id,
  journeyId: z.string().min(1),
  workflowId: z.string().min(1),
  step: z.string().min(1),
  channel: Channel,
  status: z.enum(['sent', 'skipped', 'failed']),
  reason: z.string().optional(),
  providerMessageId: z.string().optional(),
  at: IsoDateTime,
});
export type JourneyOutcome = z.infer<typeof JourneyOutcome>;
