/**
 * The send activities, one per channel. Each passes the send gate (activities/send-gate.ts):
 * ledger, kill switch, consent as of now, caps and quiet hours, reservation, provider, outcome.
 */
import type { UnsubscribeLinks } from '../services/consent-links/unsubscribe-links.ts';
import type { Mailer } from '../services/email/mailer.ts';
import type { SmsSender } from '../services/sms/twilio-sms.ts';
import type { SendOutcome } from '../schemas/journey.ts';
import { renderMessage as render, templateDataOf, type MessageRequest } from './message-request.ts';
import { throughGate, type GateDeps } from './send-gate.ts';
import { emailTemplates } from './templates/email.ts';
import { smsTemplates } from './templates/sms.ts';

export interface MessagingDeps extends GateDeps {
  mailer: Mailer;
  sms: SmsSender;
  unsubscribeLinks: UnsubscribeLinks;
  /** The storefront, for links in messages (`{{ links.shop }}`). */
  links: { shopUrl: string };
}

export function createMessagingActivities(deps: MessagingDeps) {
  return {
    async sendEmail(request: MessageRequest): Promise<SendOutcome> {
      return throughGate(deps, { ...request, channel: 'email', purpose: 'marketing' }, {
        addressOf: (profile) => Promise.resolve(profile.email),
        async send({ address, profile, idempotencyKey }) {
          const unsubscribe = deps.unsubscribeLinks.urlFor({ customerId: request.customerId, channel: 'email', purpose: 'marketing' });
          const rendered = render(emailTemplates, 'email', request.template, templateDataOf(request, profile, { unsubscribe, shop: deps.links.shopUrl }));
          const { messageId } = await deps.mailer.send({
            to: address,
            ...rendered,
            headers: {
              // RFC 8058: mail clients show an unsubscribe button that POSTs to the link.
              'List-Unsubscribe': `<${unsubscribe}>`,
              'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
              'X-Journey-Id': request.journeyId,
              'X-Journey-Step': request.step,
              'X-Idempotency-Key': idempotencyKey,
            },
          });
          return { providerMessageId: messageId };
        },
      });
    },

    async sendSms(request: MessageRequest): Promise<SendOutcome> {
      return throughGate(deps, { ...request, channel: 'sms', purpose: 'marketing' }, {
        addressOf: (profile) => Promise.resolve(profile.phone),
        async send({ address, profile }) {
          const { body } = render(smsTemplates, 'sms', request.template, templateDataOf(request, profile));
          // Twilio takes no idempotency key for messages: the ledger's reservation is the guard.
          const { sid } = await deps.sms.send({ to: address, body });
          return { providerMessageId: sid };
        },
      });
    },
  };
}
