/**
 * Email: the channel's spec (the customer's address is their email) and its send activity,
 * through the send gate, with RFC 8058 one-click unsubscribe headers, tracked links and
 * an open pixel (link-tracking.ts).
 */
import type { SendOutcome } from '../../../schemas/journey.ts';
import type { Config } from '../../../services/platform/config.ts';
import { consentLinksOf, type ConsentLinks } from '../../../services/platform/consent-links/consent-links.ts';
import { createUnsubscribeLinks, type UnsubscribeLinks } from '../../../services/platform/consent-links/unsubscribe-links.ts';
import { throughGate, type GateDeps } from '../../send-gate.ts';
import type { ChannelSpec } from '../channel-spec.ts';
import { consentLinkData } from '../consent-link-data.ts';
import { htmlFromText, linkTrackingOf, messageLinks, withOpenPixel, type LinkTracking } from '../link-tracking.ts';
import { renderMessage, templateDataOf, type MessageRequest } from '../message-request.ts';
import { createSmtpMailer, type Mailer } from './smtp-mailer.ts';
import { emailTemplates } from './templates.ts';

export const emailChannel: ChannelSpec<'email', string> = {
  channel: 'email',
  purpose: 'marketing',
  // What an SMTP relay of a shop this size takes without deferring us.
  sendRate: 50,
  activities: ['sendEmail'],
  addressOf: (profile) => Promise.resolve(profile.email),
};

/** The SMTP relay and the links emails carry, from the configuration. */
export function emailProviders(config: Config) {
  return {
    mailer: createSmtpMailer(config.email.smtpUrl, config.email.from),
    unsubscribeLinks: unsubscribeLinksOf(config),
    consentLinks: consentLinksOf(config),
    links: { shopUrl: config.links.shopUrl },
    tracking: linkTrackingOf(config),
  };
}

/** The worker signs the links; the ingest API verifies them: both build them here. */
export const unsubscribeLinksOf = (config: Config) =>
  createUnsubscribeLinks({ baseUrl: config.links.baseUrl, secret: config.links.unsubscribeSecret });

export interface EmailDeps extends GateDeps {
  mailer: Mailer;
  unsubscribeLinks: UnsubscribeLinks;
  /** Renewal and confirmation links, for messages started by a consent grant. */
  consentLinks: ConsentLinks;
  /** The storefront, for links in messages (`{{ links.shop }}`). */
  links: { shopUrl: string };
  /** Tracked links and the open pixel (the SMS and push channels use them too). */
  tracking: LinkTracking;
}

export function createEmailActivities(deps: EmailDeps) {
  return {
    async sendEmail(request: MessageRequest): Promise<SendOutcome> {
      return throughGate(deps, request, {
        ...emailChannel,
        async send({ address, profile, idempotencyKey }) {
          const unsubscribe = deps.unsubscribeLinks.urlFor({
            customerId: request.customerId,
            channel: 'email',
            purpose: request.purpose ?? emailChannel.purpose,
          });
          const rendered: { subject: string; text: string; html?: string } = renderMessage(
            emailTemplates,
            'email',
            request.template,
            templateDataOf(request, profile, {
              unsubscribe,
              shop: deps.links.shopUrl,
              ...consentLinkData(request, profile.customerId, deps.consentLinks),
            }),
          );
          const links = messageLinks(deps.tracking, idempotencyKey);
          const pixel = links.openPixel();
          // A text template gets an HTML twin only to carry the pixel.
          const html = rendered.html ?? (pixel ? htmlFromText(rendered.text) : undefined);
          const { messageId } = await deps.mailer.send({
            to: address,
            subject: rendered.subject,
            text: links.text(rendered.text),
            ...(html === undefined ? {} : { html: pixel ? withOpenPixel(links.html(html), pixel) : links.html(html) }),
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
  };
}
