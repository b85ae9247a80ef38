/**
 * Events operators cause through the CLI, written by the product itself. An `Apology
 * Requested` is written by `journeys journey apologize` for each customer the ledger shows
 * got a broken or repeated message, and starts the oops-apology journey for them. Producers
 * do not send these: one would make the product apologise for a message it never sent.
 */
import { z } from 'zod';
import { Channel, Id } from '../primitives.ts';
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
