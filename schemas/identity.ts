/**
 * Who a call is about, and which ids it joins. Segment's SDKs give every visitor an
 * `anonymousId` and, once they log in, the shop's `userId` too: a call with both says the
 * anonymous visitor is that user. The join is an event in the log (`Identities Merged`),
 * so the projections and the customer workflows make it in log order, and a rebuild
 * makes it again.
 */
import { createHash } from 'node:crypto';
import type { CustomerEventEnvelope } from './envelope.ts';
import { IdentitiesMerged } from './events/profile.ts';

/** Anonymous visitors are customers of their own until they are merged into a user. */
export const anonymousCustomerId = (anonymousId: string) => `anonymous:${anonymousId}`;

export interface CallIds {
  userId?: string | null | undefined;
  anonymousId?: string | null | undefined;
  /** Segment's alias call: the id the user was known by before. */
  previousId?: string | undefined;
}

/** The customer a call is about: the user when known, else the anonymous visitor. */
export function customerIdOf(ids: CallIds): string | undefined {
  return ids.userId ?? (ids.anonymousId ? anonymousCustomerId(ids.anonymousId) : undefined);
}

/**
 * The customer ids a call merges into its customer. An alias's `previousId` may be an
 * anonymous id or an earlier user id (Segment allows both), so both readings are merged;
 * the one that never had events merges nothing.
 */
export function mergedIdsOf(ids: CallIds): string[] {
  const customerId = customerIdOf(ids);
  if (!ids.userId || !customerId) return [];
  const merged = new Set<string>();
  if (ids.anonymousId) merged.add(anonymousCustomerId(ids.anonymousId));
  if (ids.previousId) {
    merged.add(ids.previousId);
    merged.add(anonymousCustomerId(ids.previousId));
  }
  merged.delete(customerId);
  return [...merged];
}

/**
 * The merge event. Its id depends only on the two customers, so every call that repeats the
 * same pair (a browser sends both ids on every call after login) is the same event, which
 * every consumer already ignores when repeated.
 */
export function identitiesMergedEvent(
  customerId: string,
  mergedCustomerId: string,
  at: { occurredAt: string; receivedAt: string; source: string },
): CustomerEventEnvelope {
  const pair = createHash('sha256').update(`${mergedCustomerId}\u0000${customerId}`).digest('hex').slice(0, 32);
  return {
    eventId: `merge-${pair}`,
    customerId,
    type: IdentitiesMerged.name,
    version: IdentitiesMerged.version,
    ...at,
    payload: { merged_customer_id: mergedCustomerId },
  };
}
