/** How an API request names its write key, and its body as sent. */
import type { FastifyRequest } from 'fastify';

/** The write key is the Basic-auth user (Segment's convention; the password is empty). */
export function writeKeyOf(request: FastifyRequest): string | undefined {
  const [scheme, encoded] = (request.headers.authorization ?? '').split(' ');
  if (scheme?.toLowerCase() !== 'basic' || !encoded) return undefined;
  return Buffer.from(encoded, 'base64').toString('utf8').split(':')[0];
}

/** The body's bytes as sent (every content type arrives raw: each route reads its own). */
export const rawBody = (request: FastifyRequest) => (Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0));
