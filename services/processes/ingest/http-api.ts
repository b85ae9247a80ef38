/**
 * The ingest API, on fastify. Segment's HTTP Tracking API (/v1/track, /identify, /page,
 * /alias, /batch; the write key is the Basic-auth user) and a native endpoint for canonical
 * envelopes (/v1/events). Every request is all or nothing: 200 only after Kafka acknowledged
 * every event of it, 400 naming every invalid field with nothing written, 401 for an unknown
 * write key, 413 beyond Segment's size limits, 503 with Retry-After when Kafka cannot store
 * the events (the producer retries; the event ids make retries harmless).
 */
import { randomUUID } from 'node:crypto';
import { context, propagation, SpanKind, SpanStatusCode, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import cors from '@fastify/cors';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Producer } from 'kafkajs';
import type { CustomerEventEnvelope, TraceContext } from '../../../schemas/envelope.ts';
import { topics } from '../../../schemas/names.ts';
import { toMessage } from '../../platform/kafka/customer-events.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Metrics } from '../../platform/telemetry/metrics.ts';
import type { ConsentWebhooks } from './consent-webhooks.ts';
import type { EngagementAnswer, EngagementLinks } from './engagement-links.ts';
import { trackedPaths } from '../../platform/engagement/tracked-links.ts';
import { HttpError } from './http-error.ts';
import { MAX_BATCH_BYTES } from '../../../schemas/event-limits.ts';
import { KAFKA_ACK_TIMEOUT_MS, RETRY_AFTER_SECONDS } from './limits.ts';
import { decodeContent, decodeText, parseJson } from './request-body.ts';
import { createRecentMerges } from './recent-merges.ts';
import { declaredTypes, routes } from './requests.ts';
import { signatureValid, toEnvelopes, type ShopPlatform } from './shop-platforms/shop-platform.ts';
import { registerShopApi, type ShopApiDeps } from './shop-api.ts';
import { rawBody, writeKeyOf } from './write-key.ts';

export interface IngestDeps {
  producer: Producer;
  writeKeys: ReadonlySet<string>;
  logger: Logger;
  tracer: Tracer;
  metrics: Metrics;
  /** customer-events unless overridden (the benchmark writes to a topic of its own). */
  topic?: string;
  /** Unsubscribe links and inbound SMS keywords, when the process has a database. */
  consentWebhooks?: ConsentWebhooks;
  /** Tracked links, open pixels and push click reports, when the process has a database. */
  engagementLinks?: EngagementLinks;
  /** Origins whose pages may post events from the browser; none: no CORS. */
  corsOrigins?: readonly string[];
  /** Shop platforms whose webhooks to take, each with the secret that signs them. */
  shopPlatforms?: readonly { platform: ShopPlatform; secret: string }[];
  /** The shop backend's API (coupons at the checkout, referral links), when the process has a database. */
  shopApi?: Pick<ShopApiDeps, 'db' | 'onRedeemed' | 'shopUrl'>;
}

/** Webhook bodies are small forms; anything bigger is not from Twilio or a mail client. */
const WEBHOOK_MAX_BYTES = 64 * 1024;

/** The W3C trace context of the active span, for the events to carry through Kafka. */
function currentTraceContext(): TraceContext | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  if (!carrier.traceparent) return undefined;
  return { traceparent: carrier.traceparent, ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}) };
}

const pathOf = (request: FastifyRequest) => request.url.split('?')[0] ?? '';

function bodyWriteKeyOf(body: unknown): string | undefined {
  const key = (body as { writeKey?: unknown } | null)?.writeKey;
  return typeof key === 'string' ? key : undefined;
}

export async function createIngestApp({
  producer,
  writeKeys,
  logger,
  tracer,
  metrics,
  topic = topics.customerEvents,
  consentWebhooks,
  engagementLinks,
  corsOrigins = [],
  shopPlatforms = [],
  shopApi,
}: IngestDeps): Promise<FastifyInstance> {
  const app = Fastify({ bodyLimit: MAX_BATCH_BYTES });
  if (corsOrigins.length > 0) {
    // Browser SDKs post from the shop's pages; only the listed origins may.
    await app.register(cors, {
      origin: [...corsOrigins],
      methods: ['GET', 'POST'],
      allowedHeaders: ['content-type', 'authorization'],
      maxAge: 86_400,
    });
  }
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  // One server span per request; a producer that traces its own requests sends a
  // traceparent, and our spans join its trace.
  const spans = new WeakMap<FastifyRequest, { span: Span; active: Context }>();
  app.addHook('onRequest', (request, _reply, done) => {
    const parent = propagation.extract(context.active(), request.headers);
    const span = tracer.startSpan(`ingest ${request.method} ${pathOf(request)}`, { kind: SpanKind.SERVER }, parent);
    spans.set(request, { span, active: trace.setSpan(parent, span) });
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const span = spans.get(request)?.span;
    span?.setAttribute('http.response.status_code', reply.statusCode);
    if (reply.statusCode >= 500) span?.setStatus({ code: SpanStatusCode.ERROR });
    span?.end();
    done();
  });
  const traced =
    (handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>) => (request: FastifyRequest, reply: FastifyReply) =>
      context.with(spans.get(request)?.active ?? context.active(), () => handler(request, reply));

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, _request, reply) => {
    if (error instanceof HttpError) return reply.code(error.status).headers(error.headers).send(error.body);
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send({ error: 'payload_too_large', message: error.message });
    if (error.statusCode !== undefined && error.statusCode < 500)
      return reply.code(error.statusCode).send({ error: 'invalid_request', message: error.message });
    logger.error('ingest request failed', { error });
    return reply.code(500).send({ error: 'internal_error' });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'not_found', message: `no route ${request.method} ${pathOf(request)}` }),
  );

  app.get('/health', () => ({ ok: true }));

  async function writeToKafka(messages: ReturnType<typeof toMessage>[]) {
    const unavailable = () =>
      new HttpError(
        503,
        { error: 'unavailable', message: 'the events could not be stored; retry later' },
        { 'retry-after': String(RETRY_AFTER_SECONDS) },
      );
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(unavailable()), KAFKA_ACK_TIMEOUT_MS);
    });
    const send = producer.send({ topic, acks: -1, messages });
    // A send that outlives the deadline may still land: the producer's retry then repeats
    // event ids that every consumer already ignores.
    send.catch(() => undefined);
    try {
      await Promise.race([send, deadline]);
    } catch (error) {
      if (!(error instanceof HttpError)) logger.warn('kafka did not acknowledge events', { error, events: messages.length });
      throw unavailable();
    } finally {
      clearTimeout(timer);
    }
  }

  if (consentWebhooks) {
    const webhook = traced(async (request, reply) => {
      const body = decodeContent(rawBody(request), request.headers['content-encoding'], WEBHOOK_MAX_BYTES);
      const answer = await consentWebhooks.handle({ method: request.method, path: pathOf(request), headers: request.headers, body });
      // Answered only once the consent change is in the log: the customer's "you are unsubscribed" holds.
      if (answer.events.length > 0) await writeToKafka(answer.events.map(toMessage));
      for (const event of answer.events) metrics.eventsAccepted(event.type);
      return reply.code(answer.status).type(answer.contentType).send(answer.body);
    });
    for (const url of ['/unsubscribe/*', '/renew/*', '/confirm/*'])
      app.route({ method: ['GET', 'POST'], url, bodyLimit: WEBHOOK_MAX_BYTES, handler: webhook });
    app.post('/webhooks/twilio/sms', { bodyLimit: WEBHOOK_MAX_BYTES }, webhook);
  }

  if (engagementLinks) {
    const answer = (reply: FastifyReply, { status, headers, body }: EngagementAnswer) => reply.code(status).headers(headers).send(body);
    // The customer is on their way: a click or an open that cannot be written now is logged
    // and lost, rather than keep them from the page (or the email from its image).
    const bestEffort = async (events: CustomerEventEnvelope[]) => {
      if (events.length === 0) return;
      try {
        await writeToKafka(events.map(toMessage));
        for (const event of events) metrics.eventsAccepted(event.type);
      } catch (error) {
        logger.warn('engagement not recorded: the log did not take it', { error, events: events.map((event) => event.eventId) });
      }
    };
    const tokenAfter = (request: FastifyRequest, prefix: string) => pathOf(request).slice(prefix.length);
    app.get(
      `${trackedPaths.click}*`,
      traced(async (request, reply) => {
        const click = await engagementLinks.click(tokenAfter(request, trackedPaths.click), request.method);
        await bestEffort(click.events);
        return answer(reply, click);
      }),
    );
    app.get(
      `${trackedPaths.open}*`,
      traced(async (request, reply) => {
        const open = await engagementLinks.open(tokenAfter(request, trackedPaths.open), request.method);
        await bestEffort(open.events);
        return answer(reply, open);
      }),
    );
    // A service worker on the shop's origin posts here: any origin may, the token is the
    // proof (the routes' own CORS, whatever INGEST_CORS_ORIGINS allows for the event API).
    const anyOrigin = { 'access-control-allow-origin': '*' };
    app.options(trackedPaths.pushClicks, { config: { cors: false } }, (_request, reply) =>
      reply
        .code(204)
        .headers({
          ...anyOrigin,
          'access-control-allow-methods': 'POST',
          'access-control-allow-headers': 'content-type',
          'access-control-max-age': '86400',
        })
        .send(),
    );
    app.post(
      trackedPaths.pushClicks,
      {
        bodyLimit: WEBHOOK_MAX_BYTES,
        config: { cors: false },
        // Errors too (a body that is not JSON, a 503): the worker should be able to read why.
        onSend: (_request, reply, payload, done) => {
          reply.headers(anyOrigin);
          done(null, payload);
        },
      },
      traced(async (request, reply) => {
        const body = parseJson(decodeText(decodeContent(rawBody(request), request.headers['content-encoding'], WEBHOOK_MAX_BYTES)));
        const click = await engagementLinks.pushClick(body);
        // The worker may retry a report that failed here: answered only once the click is in the log.
        if (click.events.length > 0) await writeToKafka(click.events.map(toMessage));
        for (const event of click.events) metrics.eventsAccepted(event.type);
        return answer(reply, click);
      }),
    );
  }

  // Shop platforms' webhooks: each on when its secret is set.
  for (const { platform, secret } of shopPlatforms) {
    const { headers } = platform;
    app.post(
      platform.path,
      traced(async (request) => {
        const raw = decodeContent(rawBody(request), request.headers['content-encoding'], MAX_BATCH_BYTES);
        const header = (name: string) => {
          const value = request.headers[name];
          return typeof value === 'string' ? value : undefined;
        };
        if (!signatureValid(raw, header(headers.signature), secret)) {
          throw new HttpError(401, { error: 'unauthorized', message: `${headers.signature} does not verify` });
        }
        const deliveryId = header(headers.deliveryId);
        const topic = header(headers.topic);
        if (!deliveryId || !topic)
          throw new HttpError(400, { error: 'invalid_request', message: `${headers.deliveryId} and ${headers.topic} are required` });
        const converted = toEnvelopes(platform, topic, parseJson(decodeText(raw)), { id: deliveryId, at: new Date().toISOString() });
        if (!converted.ok) throw new HttpError(400, { error: 'invalid_request', issues: converted.issues });
        if (converted.value.length > 0) await writeToKafka(converted.value.map(toMessage));
        for (const event of converted.value) metrics.eventsAccepted(event.type);
        return { success: true, accepted: converted.value.length };
      }),
    );
  }

  const recentMerges = createRecentMerges();
  for (const [path, route] of Object.entries(routes)) {
    app.post(
      path,
      { bodyLimit: route.maxBytes },
      traced(async (request) => {
        const unauthorized = () => new HttpError(401, { error: 'unauthorized', message: 'unknown write key' });
        // The write key is the Basic-auth user, or (browser SDKs) the body's `writeKey`.
        const headerKey = writeKeyOf(request);
        if (headerKey !== undefined && !writeKeys.has(headerKey)) throw unauthorized();
        const body = parseJson(decodeText(decodeContent(rawBody(request), request.headers['content-encoding'], route.maxBytes)));
        if (headerKey === undefined && !writeKeys.has(bodyWriteKeyOf(body) ?? '')) throw unauthorized();
        const converted = route.toEnvelopes(body, { at: new Date().toISOString(), newEventId: randomUUID });
        if (!converted.ok) {
          for (const type of declaredTypes(path, body)) metrics.eventsRejected(type);
          throw new HttpError(400, { error: 'invalid_request', issues: converted.issues });
        }
        const traceContext = currentTraceContext();
        const fresh = recentMerges.withoutRepeats(converted.value);
        const events: CustomerEventEnvelope[] = traceContext ? fresh.map((event) => ({ ...event, traceContext })) : fresh;
        await writeToKafka(events.map(toMessage));
        recentMerges.remember(events);
        for (const event of events) metrics.eventsAccepted(event.type);
        return { success: true, accepted: events.length };
      }),
    );
  }

  if (shopApi) registerShopApi(app, { ...shopApi, writeKeys });

  await app.ready();
  return app;
}
