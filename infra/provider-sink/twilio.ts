/**
 * Twilio's Programmable Messaging API as far as we use it: creating a message
 * (POST /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded, HTTP Basic with the
 * account SID and auth token), with Twilio's JSON answers and error codes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basicAuth, flatHeaders, hexId, readBody, reply } from './http.ts';
import type { SinkState } from './sink-state.ts';

export const twilioMessagesPath = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/;

const twilioError = (response: ServerResponse, status: number, code: number, message: string) =>
  reply(response, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

export async function createTwilioMessage(
  state: SinkState,
  accountSid: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const auth = basicAuth(request);
  if (!auth || auth.user !== accountSid || auth.password.length === 0) return twilioError(response, 401, 20003, 'Authenticate');
  const form = new URLSearchParams((await readBody(request)).toString('utf8'));
  const to = form.get('To') ?? '';
  const from = form.get('From') ?? form.get('MessagingServiceSid') ?? '';
  const body = form.get('Body') ?? '';
  if (!/^\+[1-9]\d{6,14}$/.test(to)) return twilioError(response, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
  if (!from) return twilioError(response, 400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.");
  if (!body) return twilioError(response, 400, 21602, 'Message body is required.');

  const fault = state.takeFault('twilio', to);
  if (fault === 'unavailable') return twilioError(response, 503, 20503, 'Service unavailable');
  if (fault === 'reject') return twilioError(response, 400, 21610, 'Attempt to send to unsubscribed recipient');
  const sid = `SM${hexId(32)}`;
  state.record({ provider: 'twilio', to, id: sid, content: { from, body }, headers: flatHeaders(request) });
  if (fault === 'timeout') return; // taken, never answered

  const now = new Date().toUTCString();
  reply(response, 201, {
    account_sid: accountSid,
    api_version: '2010-04-01',
    body,
    date_created: now,
    date_sent: null,
    date_updated: now,
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    from,
    messaging_service_sid: form.get('MessagingServiceSid'),
    num_media: '0',
    num_segments: String(Math.max(1, Math.ceil(body.length / 153))),
    price: null,
    price_unit: 'USD',
    sid,
    status: 'queued',
    subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
    to,
    uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
  });
}
