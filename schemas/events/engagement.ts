/**
 * What customers did with a journey's message, written by the product itself when a tracked
 * link is followed (services/processes/ingest/engagement-links.ts): the redirect of a link in
 * an email or a text, a push notification's click reported by the shop's service worker,
 * and an email's open pixel. Each names the message as the message ledger does (journey,
 * workflow, step, channel), so the journey reports can put clicks beside sends. Producers
 * do not send these: a producer's click would credit a journey with engagement it never
 * had, and the link tokens are the proof that a message of ours was acted on.
 *
 * Every click is an event (two clicks, two events); a click the ingest API writes again
 * (the producer's retry) keeps its event id. Opens are counted as mail clients fetch the
 * pixel: a client that blocks images opens nothing, and one that prefetches them (Apple
 * Mail Privacy Protection) opens everything it receives, so read opens as a hint.
 */
import { z } from 'zod';
import { Channel, Id } from '../primitives.ts';
import { defineEvent } from './define.ts';

const TheMessage = z.object({
  /** The journey, its run and its step, as in the message ledger. */
  journey_id: Id,
  workflow_id: Id,
  step: Id,
});

export const MessageClicked = defineEvent(
  'Message Clicked',
  1,
  TheMessage.extend({
    channel: Channel,
    /** Where the link went (the push notification's page for push). */
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(8000),
  }),
);

export const MessageOpened = defineEvent('Message Opened', 1, TheMessage.extend({ channel: z.literal('email') }));
