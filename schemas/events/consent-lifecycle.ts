/**
 * What the product itself writes about a consent it holds, beside the customer's own
 * `Consent Granted` / `Consent Revoked`. Producers do not send these (the ingest API refuses
 * them): a shop cannot know when our lapse falls, nor confirm an address on the customer's
 * behalf.
 *
 * - `Consent Expired`: marketing consent on a channel lapsed (CONSENT_LAPSE_MONTHS after it
 *   was given) without a renewal. Written by the re-permission journey; `granted_at` names
 *   the grant that lapsed, so an expiry that crosses a renewal in flight changes nothing.
 * - `Consent Confirmed`: the customer clicked the double opt-in link of an email
 *   subscription; `granted_at` names the pending grant it confirms.
 */
import { z } from 'zod';
import { Channel, IsoDateTime } from '../primitives.ts';
import { defineEvent } from './define.ts';

const AboutAGrant = z.object({
  channel: Channel,
  purpose: z.literal('marketing'),
  /** When the consent this event is about was given (the Consent Granted event's occurredAt). */
  granted_at: IsoDateTime,
});

export const ConsentExpired = defineEvent('Consent Expired', 1, AboutAGrant);
export const ConsentConfirmed = defineEvent('Consent Confirmed', 1, AboutAGrant);
