/**
 * Ids for events the product derives from others (an apology per customer, a coupon's use
 * per order): the same every time the same thing is derived, so a retry or a second writer
 * writes an event every consumer already dropped. Readable when it fits the catalog's Id
 * limit (schemas/primitives.ts), hashed when not.
 */
import { createHash } from 'node:crypto';

const MAX_ID = 200;

export function derivedEventId(kind: string, ...parts: string[]): string {
  const id = [kind, ...parts].join('/');
  return id.length <= MAX_ID ? id : `${kind}/sha256:${createHash('sha256').update(id).digest('hex')}`;
}
