/**
 * Where customers withdraw (or give back) consent outside the shop: the unsubscribe link
 * of every marketing email (RFC 8058 one-click too), inbound SMS keywords from Twilio
 * (STOP, START…), the renewal link of a re-permission request and the double opt-in
 * confirmation link. Either becomes a consent event written to the event log, like any other
 * fact about the customer: the projector updates the consent ledger, and the send gate
 * reads it at the next send.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import twilio from 'twilio';
import { checkEnvelope, type CustomerEventEnvelope } from '../../../schemas/envelope.ts';
import { ConsentConfirmed } from '../../../schemas/events/consent-lifecycle.ts';
import type { ConsentLinkKind, ConsentLinks } from '../../platform/consent-links/consent-links.ts';
import type { UnsubscribeLinks } from '../../platform/consent-links/unsubscribe-links.ts';
import type { Db } from '../../platform/db/pool.ts';
import { customerIdsByPhone } from '../../platform/db/customers.ts';
import { customerPage } from './customer-page.ts';

/** Twilio's default opt-out and opt-in keywords (Advanced Opt-Out uses the same). */
const OPT_OUT = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE']);
const OPT_IN = new Set(['START', 'YES', 'UNSTOP']);
/** Asking for help: answered with who we are and how to opt out (US carriers require it). */
const HELP = new Set(['HELP', 'INFO']);

export interface WebhookRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}
export interface WebhookAnswer {
  status: number;
  contentType: string;
  body: string;
  /** Consent events to write to the log before answering. */
  events: CustomerEventEnvelope[];
}

function consentEvent(
  customerId: string,
  type: 'Consent Revoked' | 'Consent Granted' | typeof ConsentConfirmed.name,
  payload: Record<string, unknown>,
  eventId: string = randomUUID(),
): CustomerEventEnvelope {
  const now = new Date().toISOString();
  const checked = checkEnvelope({
    eventId,
    customerId,
    type,
    version: 1,
    occurredAt: now,
    receivedAt: now,
    source: 'consent-webhook',
    payload,
  });
  if (!checked.ok) throw new Error(`invalid consent event: ${JSON.stringify(checked.issues)}`);
  return checked.value;
}

const xmlEscape = (text: string) => text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);
/** TwiML: nothing to say, or one reply `message`. */
const twiml = (status: number, message?: string): Omit<WebhookAnswer, 'events'> => ({
  status,
  contentType: 'text/xml',
  body: `<?xml version="1.0" encoding="UTF-8"?><Response>${message === undefined ? '' : `<Message>${xmlEscape(message)}</Message>`}</Response>`,
});

/** A confirmation clicked twice is one event: its id is the grant's. */
const confirmationEventId = (customerId: string, channel: string, grantedAt: string) =>
  `consent-confirmed/sha256:${createHash('sha256')
    .update(JSON.stringify([customerId, channel, grantedAt]))
    .digest('hex')}`;

/** How a channel reads after "by" ("our news by email") and as what it sends ("marketing emails"). */
const channelNames: Record<string, { by: string; messages: string }> = {
  email: { by: 'email', messages: 'emails' },
  sms: { by: 'text message', messages: 'text messages' },
  push: { by: 'notification', messages: 'notifications' },
  direct_mail: { by: 'post', messages: 'letters and postcards' },
};

export function createConsentWebhooks(deps: {
  db: Db;
  unsubscribeLinks: UnsubscribeLinks;
  consentLinks: ConsentLinks;
  twilio: { authToken: string; webhookUrl: string; helpText: string };
}) {
  function unsubscribe(request: WebhookRequest, token: string): WebhookAnswer {
    const wanted = deps.unsubscribeLinks.verify(token);
    if (!wanted)
      return {
        ...customerPage(400, 'This link is not valid', 'Please use the unsubscribe link of a recent email, or write to us.'),
        events: [],
      };
    const what = `marketing ${channelNames[wanted.channel]?.messages ?? `${wanted.channel} messages`}`;
    // A GET only asks: mail scanners open links, and must not unsubscribe anyone.
    if (request.method === 'GET') {
      return {
        ...customerPage(200, `Unsubscribe from ${what}?`, '', `<form method="post"><button type="submit">Unsubscribe</button></form>`),
        events: [],
      };
    }
    const oneClick = request.body.toString('utf8').includes('List-Unsubscribe=One-Click');
    const event = consentEvent(wanted.customerId, 'Consent Revoked', {
      channel: wanted.channel,
      purpose: wanted.purpose,
      source: oneClick ? 'list-unsubscribe-one-click' : 'unsubscribe-link',
    });
    return { ...customerPage(200, 'You are unsubscribed', `You will get no more ${what} from us.`), events: [event] };
  }

  /**
   * A link that gives consent. As with unsubscribing, a GET only asks, with one button:
   * mail scanners and link previews open every link, and consent they "gave" would be no
   * one's consent. The button's POST writes the consent event.
   */
  function giveConsent(request: WebhookRequest, kind: ConsentLinkKind, token: string): WebhookAnswer {
    const wanted = deps.consentLinks.verify(kind, token);
    if (!wanted || (kind === 'confirm' && !wanted.grantedAt))
      return {
        ...customerPage(400, 'This link is not valid', 'Please use the link of our most recent message, or write to us.'),
        events: [],
      };
    const what = `our news by ${channelNames[wanted.channel]?.by ?? wanted.channel}`;
    const button = kind === 'renew' ? 'Yes, keep me subscribed' : 'Confirm my subscription';
    // A renewal keeps a subscription; a confirmation completes a new one (double opt-in).
    const question = kind === 'renew' ? `Keep getting ${what}?` : `Confirm that you want ${what}`;
    if (request.method === 'GET') {
      return {
        ...customerPage(200, question, '', `<form method="post"><button type="submit">${button}</button></form>`),
        events: [],
      };
    }
    const event =
      kind === 'renew'
        ? consentEvent(wanted.customerId, 'Consent Granted', { channel: wanted.channel, purpose: 'marketing', source: 'renewal-link' })
        : consentEvent(
            wanted.customerId,
            ConsentConfirmed.name,
            { channel: wanted.channel, purpose: 'marketing', granted_at: wanted.grantedAt },
            confirmationEventId(wanted.customerId, wanted.channel, wanted.grantedAt!),
          );
    const done = kind === 'renew' ? `You will keep getting ${what}.` : `Your subscription to ${what} is confirmed.`;
    return { ...customerPage(200, 'Thank you', `${done} You can unsubscribe at any time.`), events: [event] };
  }

  async function inboundSms(request: WebhookRequest): Promise<WebhookAnswer> {
    const params = Object.fromEntries(new URLSearchParams(request.body.toString('utf8')));
    const signature = request.headers['x-twilio-signature'];
    if (typeof signature !== 'string' || !twilio.validateRequest(deps.twilio.authToken, signature, deps.twilio.webhookUrl, params)) {
      return { ...twiml(403), events: [] };
    }
    const keyword = (params.Body ?? '').trim().toUpperCase();
    if (HELP.has(keyword)) return { ...twiml(200, deps.twilio.helpText), events: [] };
    const type = OPT_OUT.has(keyword) ? 'Consent Revoked' : OPT_IN.has(keyword) ? 'Consent Granted' : null;
    const { From: phone, MessageSid: messageSid } = params;
    if (!type || !phone || !messageSid) return { ...twiml(200), events: [] };
    // Twilio retries a webhook it got no answer to: the message's SID makes the event id stable.
    const customers = await customerIdsByPhone(deps.db, phone);
    const events = customers.map((customerId) =>
      consentEvent(
        customerId,
        type,
        { channel: 'sms', purpose: 'marketing', source: `sms-keyword-${keyword.toLowerCase()}` },
        `twilio-${messageSid}-${customerId}`,
      ),
    );
    return { ...twiml(200), events };
  }

  return {
    handles: (path: string) =>
      path.startsWith('/unsubscribe/') || path.startsWith('/renew/') || path.startsWith('/confirm/') || path === '/webhooks/twilio/sms',
    async handle(request: WebhookRequest): Promise<WebhookAnswer> {
      if (request.path === '/webhooks/twilio/sms' && request.method === 'POST') return inboundSms(request);
      const kind = (['renew', 'confirm'] as const).find((prefix) => request.path.startsWith(`/${prefix}/`));
      if (kind && (request.method === 'GET' || request.method === 'POST'))
        return giveConsent(request, kind, request.path.slice(kind.length + 2));
      const token = request.path.slice('/unsubscribe/'.length);
      if (request.method === 'GET' || request.method === 'POST') return unsubscribe(request, token);
      return { ...customerPage(405, 'Method not allowed', ''), events: [] };
    },
  };
}
export type ConsentWebhooks = ReturnType<typeof createConsentWebhooks>;
