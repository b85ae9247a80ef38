/**
 * Signed links that give consent: a renewal before marketing consent lapses (`/renew/…`,
 * any channel) and the double opt-in confirmation of an email subscription (`/confirm/…`).
 * Like the unsubscribe link, a token names the customer and channel and carries an HMAC, so
 * it cannot be forged or edited to subscribe someone else. The link's kind is signed with
 * it: an unsubscribe token (same secret, same customer and channel) cannot be replayed as a
 * renewal. A confirmation token also names the grant it confirms (its time), so a link from
 * an older subscription confirms nothing newer.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Channel, IsoDateTime } from '../../../schemas/primitives.ts';
import type { Config } from '../config.ts';

export const consentLinkKinds = ['renew', 'confirm'] as const;
export type ConsentLinkKind = (typeof consentLinkKinds)[number];

export interface ConsentLinkRequest {
  customerId: string;
  channel: Channel;
  /** Confirmation links: when the grant awaiting confirmation was given (ISO). */
  grantedAt?: string;
}

export function createConsentLinks(options: { baseUrl: string; secret: string }) {
  const sign = (kind: ConsentLinkKind, body: string) => createHmac('sha256', options.secret).update(`${kind}:${body}`).digest('base64url');
  return {
    urlFor(kind: ConsentLinkKind, request: ConsentLinkRequest): string {
      const fields = [request.customerId, request.channel, ...(request.grantedAt ? [request.grantedAt] : [])];
      const body = Buffer.from(JSON.stringify(fields)).toString('base64url');
      return `${options.baseUrl}/${kind}/${body}.${sign(kind, body)}`;
    },
    /** The request a token of this kind stands for, or null when we did not sign it as such. */
    verify(kind: ConsentLinkKind, token: string): ConsentLinkRequest | null {
      const [body, signature] = token.split('.');
      if (!body || !signature) return null;
      const expected = Buffer.from(sign(kind, body));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
      try {
        const [customerId, channel, grantedAt] = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown[];
        if (typeof customerId !== 'string') return null;
        const request = { customerId, channel: Channel.parse(channel) };
        return grantedAt === undefined ? request : { ...request, grantedAt: IsoDateTime.parse(grantedAt) };
      } catch {
        return null;
      }
    },
  };
}
export type ConsentLinks = ReturnType<typeof createConsentLinks>;

/** The worker signs them into messages and the ingest API verifies them: both build them here, with the unsubscribe secret. */
export const consentLinksOf = (config: Config) =>
  createConsentLinks({ baseUrl: config.links.baseUrl, secret: config.links.unsubscribeSecret });
