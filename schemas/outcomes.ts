/**
 * What journeys did, published to `journey-outcomes` (keyed by customer id) so that
 * analytics and holdout reports are computed from facts: each entry (with its arm), each
 * send decision, and how the entry ended. The outcome id is the step's idempotency key (a
 * deferral's adds its time; an entry's and an end's are the workflow id's): a re-published
 * outcome is recognisably the same.
 */
import { z } from 'zod';
import { Channel, Id, IsoDateTime, Money } from './primitives.ts';

/**
 * Why a step sent nothing. 'possibly-sent': an earlier attempt reserved the step and was
 * interrupted (a crash) before it learned the provider's answer; it is not sent again.
 * 'past-deadline': the step could only have gone after the time the journey gave it.
 * 'channel-off': this deployment has no provider for the channel (e.g. no VAPID keys).
 * 'holdout': the customer is in the journey's holdout group: the step is recorded, not sent.
 * 'low-value-suppressed': a marketing step to a customer in the bottom 20% by RFM (SUPPRESS_BOTTOM_20).
 * 'journey-disabled': the shop switched off a journey its customers stay in while it is off
 *   (a yearly occasion, re-permission: `onDisable: 'skip-sends'`).
 * 'covered-by-earlier-reminder': an earlier run's reminder already told the customer all this
 *   step would (the points-expiry reminders: another run's announced these points).
 */
export const SkipReason = z.enum([
  'no-consent',
  'no-address',
  'journey-stopped',
  'possibly-sent',
  'past-deadline',
  'channel-off',
  'holdout',
  'low-value-suppressed',
  'journey-disabled',
  'covered-by-earlier-reminder',
]);
export type SkipReason = z.infer<typeof SkipReason>;

/** Why a step must wait: it is sent later, at the time given, not dropped. */
export const DeferReason = z.enum(['frequency-cap', 'quiet-hours']);
export type DeferReason = z.infer<typeof DeferReason>;

export const JourneyOutcome = z.object({
  outcomeId: z.string().min(1),
  customerId: Id,
  journeyId: z.string().min(1),
  workflowId: z.string().min(1),
  step: z.string().min(1),
  /** Absent for the entry's outcomes ('entered', 'assigned', 'completed', 'exited'), which concern no message. */
  channel: Channel.optional(),
  /**
   * The entry's: 'entered' (step 'entry', with its arm), 'assigned' (step 'assignment': the
   * holdout/A-B assignment, published before 'entered' existed), 'completed' or 'exited'
   * (step 'end'; an exit has its reason). A message's: the others.
   */
  status: z.enum(['sent', 'skipped', 'failed', 'deferred', 'cancelled', 'assigned', 'entered', 'completed', 'exited']),
  arm: z.enum(['holdout', 'treated']).optional(),
  experimentId: z.string().optional(),
  variant: z.string().optional(),
  /** A SkipReason, a DeferReason, the provider's refusal, or why the customer left the journey ('exited'). */
  reason: z.string().optional(),
  /** For 'deferred': when the step may go (one outcome per deferral). */
  deferredUntil: IsoDateTime.optional(),
  providerMessageId: z.string().optional(),
  /** What the message cost (direct mail pieces). */
  cost: Money.optional(),
  at: IsoDateTime,
});
export type JourneyOutcome = z.infer<typeof JourneyOutcome>;
