/**
 * Tracked links: the links of a journey's message point at our public server (the ingest
 * API), which records the click (`/c/<token>`) or the email's open (`/o/<token>.gif`) in the
 * event log and sends the customer on. A token is signed (HMAC-SHA256), so it can be neither
 * forged nor edited: it never redirects anywhere we did not sign (no open redirect), and
 * only to http(s).
 *
 * A token names the message, not the customer: 12 bytes of the message's ledger key
 * (`messageRefOf`) and, for a click, the destination. Who it was sent to, by which journey,
 * workflow, step and channel is read from the message ledger when the link is followed
 * (the step is reserved there before the provider is called, so the row exists by the time
 * anyone can click). That keeps links short enough for a text message: from a public URL
 * of 27 characters (`https://go.shop-example.com`), a link to `https://shop.example/cart`
 * is 87 characters (tracked-links.test.ts measures it), where a token spelling out the six
 * fields comes to 250 to 364 with today's workflow ids. Every channel uses the same form,
 * so there is one way to verify.
 *
 * Tokens do not expire, like unsubscribe links: a link in a years-old email still works.
 * The key is derived from UNSUBSCRIBE_SECRET (rotating it breaks the links of messages
 * already sent, as it does their unsubscribe links), under a label of its own, so no other
 * signed link of ours can pass for a tracked one.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config.ts';

/** How much of the ledger key's md5 a token carries: 96 bits, no two messages share it in practice. */
const REF_BYTES = 12;
/** The signature, truncated: 96 bits is out of reach of online guessing, and every character counts in an SMS. */
const MAC_BYTES = 12;
/** The scheme is one byte, not eight characters: the two destinations we redirect to. */
const SCHEMES = ['https://', 'http://'] as const;

export type TrackedLinkKind = 'click' | 'open';

/** Where our public server takes them (services/processes/ingest/http-api.ts). */
export const trackedPaths = {
  /** `GET /c/<token>`: records the click, redirects to the destination. */
  click: '/c/',
  /** `GET /o/<token>.gif`: records the email's open, answers a 1×1 GIF. */
  open: '/o/',
  /** `POST { token }`: a push notification's click, reported by the shop's service worker. */
  pushClicks: '/v1/push/clicks',
} as const;

export interface ClickToken {
  /** The message (`messageRefHex` of its ledger key). */
  messageRef: string;
  /** Where the link goes: an absolute http(s) URL. */
  url: string;
}

/**
 * The message a token names: the first 12 bytes of the md5 of its ledger (idempotency) key.
 * A lookup key, not a proof (the HMAC is the proof): md5 because PostgreSQL's `md5(text)` is
 * immutable and so can be indexed (migration 025), where its sha256 of text cannot.
 */
export const messageRefOf = (idempotencyKey: string): Buffer =>
  createHash('md5').update(idempotencyKey, 'utf8').digest().subarray(0, REF_BYTES);

/** As the ledger's index reads it: `substr(md5(idempotency_key), 1, 24)`. */
export const messageRefHex = (idempotencyKey: string) => messageRefOf(idempotencyKey).toString('hex');

/** An absolute http(s) URL, as a browser would send it; null for anything else (mailto:, javascript:, relative). */
export function httpUrl(text: string): string | null {
  if (!URL.canParse(text)) return null;
  const url = new URL(text);
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Strict: Node's decoder skips characters it does not know, so "edited" tokens could still read the same. */
function fromBase64url(text: string): Buffer | null {
  if (!BASE64URL.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}

export function createTrackedLinks(options: { baseUrl: string; secret: string }) {
  const baseUrl = options.baseUrl.replace(/\/$/, '');
  const key = createHmac('sha256', options.secret).update('journeys tracked links').digest();
  const mac = (kind: TrackedLinkKind, body: Buffer) =>
    createHmac('sha256', key).update(`${kind}:`).update(body).digest().subarray(0, MAC_BYTES);
  const sign = (kind: TrackedLinkKind, body: Buffer) => `${body.toString('base64url')}.${mac(kind, body).toString('base64url')}`;

  /** The body a token of this kind carries, or null when we did not sign it as such. */
  function opened(kind: TrackedLinkKind, token: string): Buffer | null {
    const parts = token.split('.');
    if (parts.length !== 2) return null;
    const body = fromBase64url(parts[0]!);
    const given = fromBase64url(parts[1]!);
    if (!body || !given || given.length !== MAC_BYTES) return null;
    return timingSafeEqual(mac(kind, body), given) ? body : null;
  }

  function clickToken(messageRef: Buffer, destination: string): string | null {
    const url = httpUrl(destination);
    if (!url) return null;
    const scheme = SCHEMES.findIndex((prefix) => url.startsWith(prefix));
    const rest = Buffer.from(url.slice(SCHEMES[scheme]!.length), 'utf8');
    return sign('click', Buffer.concat([messageRef, Buffer.of(scheme), rest]));
  }

  const clickUrlOf = (token: string) => `${baseUrl}${trackedPaths.click}${token}`;
  return {
    clickToken,
    clickUrlOf,
    /** The tracked link to `destination` for this message; null when it is not an http(s) URL. */
    clickUrl(messageRef: Buffer, destination: string): string | null {
      const token = clickToken(messageRef, destination);
      return token && clickUrlOf(token);
    },
    /** The open pixel of this message (an email). */
    openUrl(messageRef: Buffer): string {
      return `${baseUrl}${trackedPaths.open}${sign('open', messageRef)}.gif`;
    },
    /** Where a service worker reports a push notification's click. */
    pushClicksUrl: `${baseUrl}${trackedPaths.pushClicks}`,
    /** A link to our own server (an unsubscribe or consent link, a tracked link): already ours, never wrapped. */
    isOurs(url: string): boolean {
      return url.startsWith(`${baseUrl}/`);
    },
    verifyClick(token: string): ClickToken | null {
      const body = opened('click', token);
      if (!body || body.length <= REF_BYTES + 1) return null;
      const scheme = SCHEMES[body[REF_BYTES]!];
      if (!scheme) return null;
      const url = httpUrl(scheme + body.subarray(REF_BYTES + 1).toString('utf8'));
      return url ? { messageRef: body.subarray(0, REF_BYTES).toString('hex'), url } : null;
    },
    verifyOpen(token: string): { messageRef: string } | null {
      const body = opened('open', token);
      return body && body.length === REF_BYTES ? { messageRef: body.toString('hex') } : null;
    },
  };
}
export type TrackedLinks = ReturnType<typeof createTrackedLinks>;

/** The worker signs them into messages and the ingest API verifies them: both build them here. */
export const trackedLinksOf = (config: Config) =>
  createTrackedLinks({ baseUrl: config.links.baseUrl, secret: config.links.unsubscribeSecret });
