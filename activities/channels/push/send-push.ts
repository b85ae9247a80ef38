/**
 * The push activity: a notification to each of the customer's browsers and devices
 * through the send gate. A subscription the push service no longer knows (404/410) is
 * reported to the event log, and the projector removes it. The payload carries, beside the
 * page to open, a click token that the shop's service worker posts to `/v1/push/clicks`
 * when the notification is clicked (see `withClickTracking`).
 */
import { createHash } from 'node:crypto';
import type { CustomerEventEnvelope } from '../../../schemas/envelope.ts';
import { activePushSubscriptions } from '../../../services/platform/db/push-subscriptions.ts';
import type { EventLogWriter } from '../../../services/platform/kafka/customer-events.ts';
import { ProviderError } from '../../../services/platform/provider-error.ts';
import { createWebPushSender, type PushResult, type PushSender, type PushSubscription } from './web-push-sender.ts';
import type { SendOutcome } from '../../../schemas/journey.ts';
import type { Config } from '../../../services/platform/config.ts';
import { renderMessage, templateDataOf, type MessageRequest } from '../message-request.ts';
import { throughGate, type GateDeps } from '../../send-gate.ts';
import type { ChannelSpec } from '../channel-spec.ts';
import { messageLinks, type LinkTracking } from '../link-tracking.ts';
import { pushTemplates } from './templates.ts';

/** Without a deadline, a push waits this long for an offline device; then it is stale. */
const DEFAULT_TTL_SECONDS = 2 * 24 * 3600;
/** What push services keep at most (four weeks). */
const MAX_TTL_SECONDS = 28 * 24 * 3600;

export interface PushDeps extends GateDeps {
  /** null: this deployment has no VAPID keys; push steps are skipped as 'channel-off'. */
  push: PushSender | null;
  events: EventLogWriter;
  /** Click tokens (the email channel's providers build them). */
  tracking: LinkTracking;
  /** The storefront, which a notification's page (`url`, a path) is on. */
  links: { shopUrl: string };
}

const short = (text: string) => createHash('sha256').update(text).digest('base64url');

/** A device offline past the step's deadline should not get it when it comes back. */
function ttlSeconds(deadline: string | undefined): number {
  if (deadline === undefined) return DEFAULT_TTL_SECONDS;
  return Math.min(MAX_TTL_SECONDS, Math.max(60, Math.round((Date.parse(deadline) - Date.now()) / 1000)));
}

function subscriptionExpired(customerId: string, endpoint: string, status: 404 | 410): CustomerEventEnvelope {
  const now = new Date().toISOString();
  // One event per subscription, however many sends find it gone.
  return {
    eventId: `push-expired-${short(endpoint).slice(0, 32)}`,
    customerId,
    type: 'Push Subscription Expired',
    version: 1,
    occurredAt: now,
    receivedAt: now,
    source: 'push-sender',
    payload: { endpoint, status },
  };
}

export const pushChannel: ChannelSpec<'push', PushSubscription[]> = {
  channel: 'push',
  purpose: 'marketing',
  sendRate: 100,
  activities: ['sendPush'],
  /** Every browser and device the customer subscribed that has not expired. */
  async addressOf(profile, db) {
    const subscriptions = await activePushSubscriptions(db, profile.customerId, new Date());
    return subscriptions.length > 0 ? subscriptions : null;
  },
};

/** null without VAPID keys: push steps are then skipped as 'channel-off'. */
export const pushProviders = (config: Config) => ({ push: config.push ? createWebPushSender(config.push.vapid) : null });

export function createPushActivities(deps: PushDeps) {
  return {
    async sendPush(request: MessageRequest): Promise<SendOutcome> {
      const { push } = deps;
      return throughGate(deps, request, {
        ...pushChannel,
        configured: push !== null,
        async send({ address: subscriptions, profile, idempotencyKey }) {
          const rendered = renderMessage(pushTemplates, 'push', request.template, templateDataOf(request, profile));
          const payload = withClickTracking(rendered, deps, idempotencyKey);
          const message = { payload, ttlSeconds: ttlSeconds(request.deadline), topic: short(idempotencyKey).slice(0, 32) };
          const results = await Promise.allSettled(subscriptions.map((subscription) => push!.send({ ...message, subscription })));
          return settle(deps, request.customerId, subscriptions, results);
        },
      });
    },
  };
}

/**
 * The notification with what reports its click: the service worker opens `url` (a page of
 * the shop) at once, and posts `{ token: clickToken }` to `clickReportUrl` (no write key: the
 * signed token is the proof), which writes `Message Clicked` for this message:
 *
 *   self.addEventListener('notificationclick', (event) => {
 *     const { url, clickToken, clickReportUrl } = event.notification.data;
 *     event.notification.close();
 *     event.waitUntil(Promise.all([
 *       clients.openWindow(url),
 *       clickToken && fetch(clickReportUrl, { method: 'POST', body: JSON.stringify({ token: clickToken }), keepalive: true }),
 *     ]));
 *   });
 *
 * (`body` as a string makes it a simple request: no CORS preflight.) A worker that would
 * rather not post may open `trackedUrl` instead, which records the click and redirects to
 * the page: one hop more, no script.
 */
function withClickTracking(payload: Record<string, string>, deps: Pick<PushDeps, 'tracking' | 'links'>, idempotencyKey: string) {
  const page =
    payload.url === undefined || !URL.canParse(payload.url, `${deps.links.shopUrl}/`)
      ? null
      : new URL(payload.url, `${deps.links.shopUrl}/`);
  const links = messageLinks(deps.tracking, idempotencyKey);
  const clickToken = page && links.clickToken(page.href);
  if (!clickToken) return payload;
  const { links: signer } = deps.tracking;
  return { ...payload, clickToken, clickReportUrl: signer.pushClicksUrl, trackedUrl: signer.clickUrlOf(clickToken) };
}

/**
 * One device that took the push makes the step sent. Otherwise the step fails as the
 * worst device did: may-have-taken-it (never resent) over retry over refused.
 */
async function settle(deps: PushDeps, customerId: string, subscriptions: PushSubscription[], results: PromiseSettledResult<PushResult>[]) {
  const accepted: string[] = [];
  const gone: CustomerEventEnvelope[] = [];
  const errors: ProviderError[] = [];
  results.forEach((result, index) => {
    const endpoint = subscriptions[index]!.endpoint;
    if (result.status === 'rejected')
      errors.push(result.reason instanceof ProviderError ? result.reason : new ProviderError('unknown', String(result.reason)));
    else if (result.value.status === 'accepted') accepted.push(result.value.location);
    else gone.push(subscriptionExpired(customerId, endpoint, result.value.httpStatus));
  });
  const worst = errors.find((e) => e.kind === 'unknown') ?? errors.find((e) => e.kind === 'not-sent') ?? errors[0];
  try {
    await deps.events.append(gone);
  } catch (error) {
    // Harmless once the push went: the next send finds the subscription gone again. Before,
    // the retry must not push twice to a device that may have it.
    if (accepted.length === 0)
      throw worst?.kind === 'unknown'
        ? worst
        : new ProviderError('not-sent', `cannot report expired push subscriptions: ${(error as Error).message}`);
  }
  if (accepted.length > 0) return { providerMessageId: accepted.join(' ') };
  throw worst ?? new ProviderError('rejected', `every push subscription of the customer is gone (${gone.length} expired)`);
}
