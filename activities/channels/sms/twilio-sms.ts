/**
 * SMS through Twilio's REST API with the official client. The API's base URL is
 * configurable (the local provider sink in development and tests): the client's own HTTP
 * client is kept, only the host of each request is rewritten.
 */
import twilio from 'twilio';
import type { RequestOptions } from 'twilio/lib/base/RequestClient.js';
import { ProviderError } from '../../../services/platform/provider-error.ts';

const TWILIO_API = 'https://api.twilio.com';
const TIMEOUT_MS = 15_000;

export interface SmsSender {
  send(message: { to: string; body: string }): Promise<{ sid: string }>;
}

class RebasedRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super({ timeout: TIMEOUT_MS });
  }
  override request<TData>(opts: RequestOptions<TData>) {
    return super.request<TData>({ ...opts, uri: opts.uri.replace(TWILIO_API, this.baseUrl) });
  }
}

export function createTwilioSms(options: { apiUrl: string; accountSid: string; authToken: string; from: string }): SmsSender {
  const httpClient = options.apiUrl === TWILIO_API ? undefined : new RebasedRequestClient(options.apiUrl.replace(/\/$/, ''));
  const client = twilio(options.accountSid, options.authToken, { ...(httpClient ? { httpClient } : {}), timeout: TIMEOUT_MS });
  const sender = options.from.startsWith('MG') ? { messagingServiceSid: options.from } : { from: options.from };
  return {
    async send({ to, body }) {
      try {
        const message = await client.messages.create({ to, body, ...sender });
        return { sid: message.sid };
      } catch (error) {
        throw classifyTwilioError(error);
      }
    },
  };
}

/**
 * Whether Twilio may have taken the message. A 4xx other than 429 refuses it for good (a
 * bad number, an unsubscribed recipient); 429, 503 and a refused connection certainly did
 * not take it; anything else (a timeout, a 500) may have, and is never sent again.
 */
function classifyTwilioError(error: unknown): ProviderError {
  const { status, code, message } = (error ?? {}) as { status?: number; code?: number | string; message?: string };
  const text = `Twilio${status ? ` ${status}` : ''}${typeof code === 'number' ? ` (error ${code})` : ''}: ${message ?? String(error)}`;
  if (typeof status === 'number' && status >= 400 && status < 500 && status !== 429)
    return new ProviderError('rejected', text, { cause: error });
  if (status === 429 || status === 503 || code === 'ECONNREFUSED') return new ProviderError('not-sent', text, { cause: error });
  return new ProviderError('unknown', text, { cause: error });
}
