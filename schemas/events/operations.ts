/**
 * Events operators cause through the CLI, written by the product itself. Producers do not
 * send these: one would make the product apologise for a message it never sent, or start a
 * journey on an event the customer never caused.
 *
 * - `Apology Requested`: written by `journeys journey apologize` for each customer the
 *   ledger shows got a broken or repeated message; starts the oops-apology journey for them.
 * - `Journey Entry Requested`: written by `journeys journey backfill` for a journey added
 *   after its customers' trigger events (a sign-up, a consent grant) went by. It carries
 *   that event from the event store, and the customer workflow offers it to that journey
 *   alone, under the journey's own entry rules: a customer already in it stays where they
 *   are, and no other journey hears the old event again.
 */
import { z } from 'zod';
import { Channel, Id, IsoDateTime } from '../primitives.ts';
import { defineEvent } from './define.ts';

export const ApologyRequested = defineEvent(
  'Apology Requested',
  1,
  z.object({
    /** The journey and step whose message went wrong (ids, as in the message ledger). */
    journey_id: Id,
    step: Id,
    /** The channel the broken message went out on, so the apology can say which message it means. */
    channel: Channel,
  }),
);

export const JourneyEntryRequested = defineEvent(
  'Journey Entry Requested',
  1,
  z.object({
    journey_id: Id,
    /** The journey's trigger event as the event store holds it (the customer's own id may have been merged since). */
    trigger: z.object({
      event_id: Id,
      type: z.string().min(1).max(200),
      version: z.number().int().positive(),
      occurred_at: IsoDateTime,
      source: z.string().min(1).max(200),
      payload: z.record(z.string(), z.unknown()),
    }),
  }),
);
