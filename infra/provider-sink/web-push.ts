/**
 * A Web Push service (RFC 8030) with VAPID (RFC 8292) and aes128gcm payloads (RFC 8291).
 * The sink also plays the browser: it creates subscriptions (keeping their private keys),
 * so it can decrypt and record what each push carried, and can let one expire (410 Gone).
 */
import { createECDH, createPublicKey, randomBytes, verify } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import ece from 'http_ece';
import { flatHeaders, hexId, readBody, reply } from './http.ts';
import type { SinkState } from './sink-state.ts';

interface Subscription {
  keys: ReturnType<typeof createECDH>;
  auth: Buffer;
  expired: boolean;
}

const b64url = (buffer: Buffer) => buffer.toString('base64url');

/** Checks the VAPID JWT; returns the problem, or null when it is valid for this origin. */
function vapidProblem(authorization: string | undefined, audience: string): string | null {
  const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+),\s*k=([\w-]+)$/.exec(authorization ?? '');
  if (!match?.[1] || !match[2]) return 'Authorization must be "vapid t=<jwt>, k=<public key>"';
  const [header, claims, signature] = match[1].split('.') as [string, string, string];
  const point = Buffer.from(match[2], 'base64url');
  if (point.length !== 65) return 'k is not an uncompressed P-256 public key';
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33)) },
    format: 'jwk',
  });
  const signed = verify(
    'sha256',
    Buffer.from(`${header}.${claims}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  if (!signed) return 'the VAPID signature does not verify';
  const body = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as { aud?: string; exp?: number; sub?: string };
  if (body.aud !== audience) return `aud must be ${audience}`;
  const now = Date.now() / 1000;
  if (typeof body.exp !== 'number' || body.exp < now || body.exp > now + 24 * 3600) return 'exp must be within 24 hours';
  if (!body.sub?.startsWith('mailto:') && !body.sub?.startsWith('https:')) return 'sub must be a mailto: or https: contact';
  return null;
}

export function createWebPushService(state: SinkState, baseUrl: () => string) {
  const subscriptions = new Map<string, Subscription>();
  return {
    /** What a browser's PushSubscription.toJSON() would give the shop. */
    subscribe(response: ServerResponse): void {
      const id = hexId(24);
      const keys = createECDH('prime256v1');
      keys.generateKeys();
      const auth = randomBytes(16);
      subscriptions.set(id, { keys, auth, expired: false });
      reply(response, 201, {
        endpoint: `${baseUrl()}/push/${id}`,
        expirationTime: null,
        keys: { p256dh: b64url(keys.getPublicKey()), auth: b64url(auth) },
      });
    },
    expire(id: string, response: ServerResponse): void {
      const subscription = subscriptions.get(id);
      if (!subscription) return reply(response, 404, { error: `no subscription ${id}` });
      subscription.expired = true;
      reply(response, 204);
    },
    async push(id: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
      const subscription = subscriptions.get(id);
      if (!subscription) return reply(response, 404, { reason: 'NotFound' });
      if (subscription.expired) return reply(response, 410, { reason: 'Gone: the subscription expired or was unsubscribed' });
      const problem = vapidProblem(request.headers.authorization, new URL(baseUrl()).origin);
      if (problem) return reply(response, 403, { reason: problem });
      if (request.headers.ttl === undefined) return reply(response, 400, { reason: 'TTL header is required' });
      if (request.headers['content-encoding'] !== 'aes128gcm')
        return reply(response, 415, { reason: 'Content-Encoding must be aes128gcm' });

      const fault = state.takeFault('web-push', id);
      if (fault === 'unavailable') return reply(response, 429, { reason: 'Too many requests' }, { 'retry-after': '1' });
      if (fault === 'reject') return reply(response, 410, { reason: 'Gone' });
      let payload: unknown;
      try {
        const plain = ece.decrypt(await readBody(request), {
          version: 'aes128gcm',
          privateKey: subscription.keys,
          authSecret: b64url(subscription.auth),
        });
        payload = JSON.parse(plain.toString('utf8'));
      } catch (error) {
        return reply(response, 400, { reason: `cannot decrypt the payload: ${(error as Error).message}` });
      }
      const messageId = hexId(16);
      state.record({ provider: 'web-push', to: id, id: messageId, content: payload, headers: flatHeaders(request) });
      if (fault === 'timeout') return;
      reply(response, 201, undefined, { location: `${baseUrl()}/push/messages/${messageId}` });
    },
  };
}
