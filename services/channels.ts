/** The providers of every channel, built from the configuration (the worker and tests use it). */
import type { Config } from './config.ts';
import { createUnsubscribeLinks } from './consent-links/unsubscribe-links.ts';
import { createLobMail } from './direct-mail/lob-mail.ts';
import { createSmtpMailer } from './email/mailer.ts';
import { createWebPushSender } from './push/web-push-sender.ts';
import { createTwilioSms } from './sms/twilio-sms.ts';

/** The worker signs the links; the ingest API verifies them: both build them here. */
export const unsubscribeLinksOf = (config: Config) => createUnsubscribeLinks({ baseUrl: config.links.baseUrl, secret: config.links.unsubscribeSecret });

export function createChannels(config: Config) {
  const mailer = createSmtpMailer(config.email.smtpUrl, config.email.from);
  return {
    mailer,
    sms: createTwilioSms(config.sms),
    /** null without VAPID keys: push steps are then skipped as 'channel-off'. */
    push: config.push ? createWebPushSender(config.push.vapid) : null,
    directMail: { sender: createLobMail(config.directMail), cancelWindowMs: config.directMail.cancelWindowMs, prices: config.directMail.prices },
    links: { shopUrl: config.links.shopUrl },
    unsubscribeLinks: unsubscribeLinksOf(config),
    close: () => mailer.close(),
  };
}
export type Channels = ReturnType<typeof createChannels>;
