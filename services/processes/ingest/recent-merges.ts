/**
 * Merge events this ingest process wrote lately. A browser SDK sends both ids on every call
 * after login, and each call would repeat the same `Identities Merged` event: consumers
 * ignore the repeats (same event id), but the log need not carry them. Bounded; after a
 * restart, or for a pair forgotten, the event is written once more, harmlessly.
 */
import type { CustomerEventEnvelope } from '../../../schemas/envelope.ts';
import { IdentitiesMerged } from '../../../schemas/events/profile.ts';

export const RECENT_MERGES_KEPT = 100_000;

export function createRecentMerges(capacity = RECENT_MERGES_KEPT) {
  const written = new Set<string>();
  return {
    /** The events without the merges written lately. */
    withoutRepeats(events: CustomerEventEnvelope[]): CustomerEventEnvelope[] {
      return events.filter((event) => event.type !== IdentitiesMerged.name || !written.has(event.eventId));
    },
    /** Call once Kafka acknowledged the events. */
    remember(events: CustomerEventEnvelope[]): void {
      for (const event of events) {
        if (event.type !== IdentitiesMerged.name) continue;
        written.delete(event.eventId);
        written.add(event.eventId);
        // A Set iterates in insertion order: the first is the least recently written.
        if (written.size > capacity) written.delete(written.values().next().value!);
      }
    },
  };
}
