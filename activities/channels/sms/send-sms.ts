/** SMS: the channel's spec (the customer's address is their phone number) and its send activity, through the send gate. */
import type { SendOutcome } from '../../../schemas/journey.ts';
import type { Config } from '../../../services/platform/config.ts';
import { throughGate, type GateDeps } from '../../send-gate.ts';
import type { ConsentLinks } from '../../../services/platform/consent-links/consent-links.ts';
import type { ChannelSpec } from '../channel-spec.ts';
import { consentLinkData } from '../consent-link-data.ts';
import { messageLinks, type LinkTracking } from '../link-tracking.ts';
import { renderMessage, templateDataOf, type MessageRequest } from '../message-request.ts';
import { smsTemplates } from './templates.ts';
import { createTwilioSms, type SmsSender } from './twilio-sms.ts';

export const smsChannel: ChannelSpec<'sms', string> = {
  channel: 'sms',
  purpose: 'marketing',
  // A few long codes' worth; a toll-free number or short code takes more (SEND_RATES).
  sendRate: 10,
  activities: ['sendSms'],
  addressOf: (profile) => Promise.resolve(profile.phone),
};

export const smsProviders = (config: Config) => ({ sms: createTwilioSms(config.sms) });

export interface SmsDeps extends GateDeps {
  sms: SmsSender;
  /** Renewal links, for texts started by a consent grant (the email channel's providers build them). */
  consentLinks: ConsentLinks;
  /** Tracked links (the email channel's providers build them); short enough for a text. */
  tracking: LinkTracking;
}

export function createSmsActivities(deps: SmsDeps) {
  return {
    async sendSms(request: MessageRequest): Promise<SendOutcome> {
      return throughGate(deps, request, {
        ...smsChannel,
        async send({ address, profile, idempotencyKey }) {
          const { body } = renderMessage(
            smsTemplates,
            'sms',
            request.template,
            templateDataOf(request, profile, consentLinkData(request, profile.customerId, deps.consentLinks)),
          );
          // Twilio takes no idempotency key for messages: the ledger's reservation is the guard.
          const { sid } = await deps.sms.send({ to: address, body: messageLinks(deps.tracking, idempotencyKey).text(body) });
          return { providerMessageId: sid };
        },
      });
    },
  };
}
