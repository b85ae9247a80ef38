/**
 * Where a journey's message is acted on: its tracked links (`GET /c/<token>`: record the
 * click, then redirect), an email's open pixel (`GET /o/<token>.gif`) and the click of a
 * push notification, reported by the shop's service worker (`POST /v1/push/clicks`, body
 * `{ token }`). Each becomes a `Message Clicked` or `Message Opened` event in the log, for
 * the customer the message ledger says the message went to, naming its journey, workflow,
 * step and channel (the token names only the message: services/platform/engagement/).
 *
 * A token we did not sign redirects nowhere: a broken link gets a page that says so, never
 * the destination it claims (no open redirect). A signed link whose message the ledger no
 * longer holds still takes the customer where it promised; it is only not counted.
 */
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { checkEnvelope, type CustomerEventEnvelope } from '../../../schemas/envelope.ts';
import { MessageClicked, MessageOpened } from '../../../schemas/events/engagement.ts';
import { findMessageByRef, type LedgerEntry } from '../../platform/db/message-ledger.ts';
import type { Db } from '../../platform/db/pool.ts';
import type { TrackedLinks } from '../../platform/engagement/tracked-links.ts';
import type { Logger } from '../../platform/logger.ts';
import { customerPage } from './customer-page.ts';

export interface EngagementAnswer {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
  /** What to write to the log. */
  events: CustomerEventEnvelope[];
}

/** The smallest transparent GIF (1×1, 43 bytes). */
export const TRANSPARENT_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** Every fetch must reach us (an open or a click each time), and nothing of it is for a shared cache. */
const NOT_CACHED = { 'cache-control': 'no-store, no-cache, must-revalidate, private, max-age=0', pragma: 'no-cache', expires: '0' };

/** A push click report: the token of the notification; `click_id`, when the worker sends one, names this click across its retries. */
const PushClickReport = z.object({
  token: z.string().min(1).max(8000),
  click_id: z.string().min(1).max(200).optional(),
});

const brokenLink = (): EngagementAnswer => {
  const page = customerPage(
    400,
    'This link is broken',
    'Part of it went missing on the way, so we cannot tell where it should take you. Please use the link in our message again, or visit our shop.',
  );
  return { status: page.status, headers: { 'content-type': page.contentType, ...NOT_CACHED }, body: page.body, events: [] };
};

export function createEngagementLinks(deps: { db: Db; links: TrackedLinks; logger: Logger }) {
  /** The event for the message a token names, or null when the ledger does not hold it. */
  async function eventFor(
    messageRef: string,
    type: typeof MessageClicked.name | typeof MessageOpened.name,
    payload: (message: LedgerEntry) => Record<string, unknown>,
    eventId: string,
    source: string,
  ): Promise<CustomerEventEnvelope | null> {
    const message = await findMessageByRef(deps.db, messageRef);
    if (!message) {
      deps.logger.warn('a tracked link names no message in the ledger; not counted', { messageRef, type });
      return null;
    }
    const now = new Date().toISOString();
    const checked = checkEnvelope({
      eventId,
      customerId: message.customerId,
      type,
      version: 1,
      occurredAt: now,
      receivedAt: now,
      source,
      payload: { journey_id: message.journeyId, workflow_id: message.workflowId, step: message.step, ...payload(message) },
    });
    if (!checked.ok) {
      // A ledger row the catalog would refuse (an id over its length): the customer still goes on.
      deps.logger.warn('cannot record engagement with a message', { messageRef, type, issues: checked.issues });
      return null;
    }
    return checked.value;
  }

  const clicked = (messageRef: string, url: string, eventId: string, source: string) =>
    eventFor(messageRef, MessageClicked.name, (message) => ({ channel: message.channel, url }), eventId, source);

  /** For a customer on their way: the ledger out of reach loses the count, not the page. */
  const orNothing = (event: Promise<CustomerEventEnvelope | null>) =>
    event.catch((error: unknown) => {
      deps.logger.warn('engagement not recorded: the message ledger could not be read', { error });
      return null;
    });

  return {
    /**
     * A tracked link followed: the click, then the redirect. HEAD (link checkers, previews
     * that only look) is answered the same but counts nothing. Each GET is a click of its
     * own: nothing tells a second click from the first but the customer.
     */
    async click(token: string, method: string): Promise<EngagementAnswer> {
      const link = deps.links.verifyClick(token);
      if (!link) return brokenLink();
      const event =
        method === 'GET' ? await orNothing(clicked(link.messageRef, link.url, `message-clicked/${randomUUID()}`, 'tracked-link')) : null;
      return {
        status: 302,
        headers: { location: link.url, 'content-type': 'text/html; charset=utf-8', ...NOT_CACHED },
        body: `<!doctype html><a href="${link.url.replace(/["&<>]/g, (char) => `&#${char.charCodeAt(0)};`)}">Continue</a>`,
        events: event ? [event] : [],
      };
    },

    /** An email's open pixel fetched. A token we did not sign gets the same image (no broken picture) with a 400, and counts nothing. */
    async open(tokenWithExtension: string, method: string): Promise<EngagementAnswer> {
      const token = tokenWithExtension.endsWith('.gif') ? tokenWithExtension.slice(0, -'.gif'.length) : null;
      const pixel = token === null ? null : deps.links.verifyOpen(token);
      const event =
        pixel && method === 'GET'
          ? await orNothing(
              eventFor(pixel.messageRef, MessageOpened.name, () => ({ channel: 'email' }), `message-opened/${randomUUID()}`, 'open-pixel'),
            )
          : null;
      return {
        status: pixel ? 200 : 400,
        headers: { 'content-type': 'image/gif', ...NOT_CACHED },
        body: TRANSPARENT_GIF,
        events: event ? [event] : [],
      };
    },

    /**
     * A push notification's click, reported by the service worker. The token is the proof,
     * so no write key: a page of any origin (the shop's, where the worker runs) may post it.
     * A worker that retries its report with the same `click_id` writes the same event id.
     */
    async pushClick(body: unknown): Promise<EngagementAnswer> {
      const json = (status: number, value: unknown): EngagementAnswer => ({
        status,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(value),
        events: [],
      });
      const report = PushClickReport.safeParse(body);
      if (!report.success)
        return json(400, { error: 'invalid_request', message: 'the body must be { "token": "<the notification\'s clickToken>" }' });
      const link = deps.links.verifyClick(report.data.token);
      if (!link) return json(400, { error: 'invalid_request', message: 'token is not a click token of ours' });
      const eventId = report.data.click_id
        ? `message-clicked/push/${createHash('sha256')
            .update(JSON.stringify([report.data.token, report.data.click_id]))
            .digest('hex')}`
        : `message-clicked/${randomUUID()}`;
      const event = await clicked(link.messageRef, link.url, eventId, 'push-click');
      return { ...json(200, { success: true, accepted: event ? 1 : 0 }), events: event ? [event] : [] };
    },
  };
}
export type EngagementLinks = ReturnType<typeof createEngagementLinks>;
