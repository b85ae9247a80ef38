/**
 * Web Push (RFC 8030) with VAPID (RFC 8292) and aes128gcm payloads (RFC 8291). The
 * `web-push` library builds each request (payload encryption, the VAPID JWT); fetch sends
 * it, because the library's own sender speaks only HTTPS and the local provider sink is
 * plain HTTP.
 */
import type { PushSubscription } from '../../../schemas/events/profile.ts';
import webpush from 'web-push';
import { ProviderError } from '../../../services/platform/provider-error.ts';

const TIMEOUT_MS = 15_000;

export type { PushSubscription };

export interface PushMessage {
  subscription: PushSubscription;
  /** What the shop's service worker receives (title, body, url…), JSON-encoded. */
  payload: Record<string, string>;
  /** How long the push service keeps the message for an offline device. */
  ttlSeconds: number;
  /**
   * A later message with the same topic replaces one still waiting for the device: a
   * resend after an unknown outcome then replaces rather than duplicates (up to 32
   * base64url characters).
   */
  topic: string;
}

/** `gone`: the subscription expired or the customer unsubscribed (404/410); remove it. */
export type PushResult = { status: 'accepted'; location: string } | { status: 'gone'; httpStatus: 404 | 410 };

export interface PushSender {
  send(message: PushMessage): Promise<PushResult>;
}

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  /** A mailto: or https: contact for the push services. */
  subject: string;
}

export function createWebPushSender(vapid: VapidKeys): PushSender {
  return {
    async send({ subscription, payload, ttlSeconds, topic }) {
      const request = webpush.generateRequestDetails(subscription, JSON.stringify(payload), {
        vapidDetails: vapid,
        TTL: ttlSeconds,
        topic,
        contentEncoding: 'aes128gcm',
        urgency: 'normal',
      });
      let response: Response;
      try {
        response = await fetch(request.endpoint, {
          method: request.method,
          headers: request.headers as Record<string, string>,
          body: request.body,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (error) {
        throw classifyNetworkError(error, request.endpoint);
      }
      const text = `push service ${new URL(request.endpoint).host} answered ${response.status}`;
      if (response.status === 201 || response.status === 202)
        return { status: 'accepted', location: response.headers.get('location') ?? request.endpoint };
      const reason = await response.text().catch(() => '');
      if (response.status === 404 || response.status === 410) return { status: 'gone', httpStatus: response.status };
      if (response.status === 429 || response.status === 503) throw new ProviderError('not-sent', `${text}: ${reason}`);
      // 400 (bad headers), 403 (VAPID keys do not match), 413 (payload too large): never accepted.
      if (response.status >= 400 && response.status < 500) throw new ProviderError('rejected', `${text}: ${reason}`);
      throw new ProviderError('unknown', `${text}: ${reason}`);
    },
  };
}

/** A refused connection certainly delivered nothing; a timeout may have. */
function classifyNetworkError(error: unknown, endpoint: string): ProviderError {
  const code = ((error as { cause?: { code?: string } }).cause ?? {}).code;
  const message = `push service ${new URL(endpoint).host}: ${code ?? (error as Error).message}`;
  return new ProviderError(code === 'ECONNREFUSED' ? 'not-sent' : 'unknown', message, { cause: error });
}
