/**
 * Signed unsubscribe links: the token names the customer, channel and purpose and carries
 * an HMAC, so a link cannot be forged or edited to unsubscribe someone else. Tokens do not
 * expire: an unsubscribe link in a years-old email must still work.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Channel, Purpose } from '../../../schemas/primitives.ts';

export interface UnsubscribeRequest {
  customerId: string;
  channel: Channel;
  purpose: Purpose;
}

export function createUnsubscribeLinks(options: { baseUrl: string; secret: string }) {
  const sign = (body: string) => createHmac('sha256', options.secret).update(body).digest('base64url');
  return {
    urlFor(request: UnsubscribeRequest): string {
      const body = Buffer.from(JSON.stringify([request.customerId, request.channel, request.purpose])).toString('base64url');
      return `${options.baseUrl}/unsubscribe/${body}.${sign(body)}`;
    },
    /** The request a token stands for, or null when it was not signed by us. */
    verify(token: string): UnsubscribeRequest | null {
      const [body, signature] = token.split('.');
      if (!body || !signature) return null;
      const expected = Buffer.from(sign(body));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
      try {
        const [customerId, channel, purpose] = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown[];
        if (typeof customerId !== 'string') return null;
        return { customerId, channel: Channel.parse(channel), purpose: Purpose.parse(purpose) };
      } catch {
        return null;
      }
    },
  };
}
export type UnsubscribeLinks = ReturnType<typeof createUnsubscribeLinks>;
