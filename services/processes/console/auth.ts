/**
 * Signing in to the console with the operator token (CONSOLE_TOKEN), on every request:
 * 1. `Authorization: Bearer <token>` (scripts, the JSON endpoints) lets the request through;
 * 2. `?token=<token>` once (the link `journeys console` prints) sets a session cookie, HttpOnly
 *    and SameSite=Lax, and redirects to the same address without the token, so it leaves
 *    the address bar, the history and any Referer. Lax, not Strict: a console link followed
 *    from webmail or a chat is a navigation from another site, which a Strict cookie would
 *    miss (a 401 until reloaded); Lax still keeps it off other sites' requests, and the
 *    console only reads (no form, nothing a forged request could change);
 * 3. that cookie lets the request through;
 * 4. anything else is refused (401).
 * The cookie holds an HMAC of the token, not the token, and a new token ends every session.
 * Secrets are compared as SHA-256 digests with timingSafeEqual: constant time whatever their length.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'journeys_console';

export type AuthDecision =
  { kind: 'signed-in' } | { kind: 'sign-in'; location: string; cookie: string } | { kind: 'refused'; reason: string };

export interface AuthRequest {
  /** The path and query, as received. */
  url: string;
  authorization: string | undefined;
  cookie: string | undefined;
  secure: boolean;
}

const digest = (text: string) => createHash('sha256').update(text).digest();
const sameSecret = (given: string, expected: string) => timingSafeEqual(digest(given), digest(expected));

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const pair of header?.split(';') ?? []) {
    const [key, ...value] = pair.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

export function createAuth(token: string) {
  const session = createHmac('sha256', token).update('journeys console session').digest('base64url');
  return (request: AuthRequest): AuthDecision => {
    const bearer = /^Bearer\s+(.+)$/i.exec(request.authorization ?? '')?.[1];
    if (bearer !== undefined) return sameSecret(bearer, token) ? { kind: 'signed-in' } : { kind: 'refused', reason: 'wrong token' };

    const url = new URL(request.url, 'http://console');
    const given = url.searchParams.get('token');
    if (given !== null) {
      if (!sameSecret(given, token)) return { kind: 'refused', reason: 'wrong token' };
      url.searchParams.delete('token');
      return {
        kind: 'sign-in',
        // One leading slash: `//host` would send the browser to another site.
        location: `/${url.pathname.replace(/^\/+/, '')}${url.search}`,
        cookie: `${SESSION_COOKIE}=${session}; Path=/; HttpOnly; SameSite=Lax${request.secure ? '; Secure' : ''}`,
      };
    }

    const cookie = cookieValue(request.cookie, SESSION_COOKIE);
    if (cookie !== undefined && sameSecret(cookie, session)) return { kind: 'signed-in' };
    return { kind: 'refused', reason: cookie === undefined ? 'not signed in' : 'session of another token' };
  };
}
