/**
 * The ingest API. Segment's HTTP Tracking API (/v1/track, /identify, /page, /alias, /batch;
 * the write key is the Basic-auth user) and a native endpoint for canonical envelopes
 * (/v1/events). Every request is all or nothing: 200 only after Kafka acknowledged every
 * event of it, 400 naming every invalid field with nothing written, 401 for an unknown
 * write key, 413 beyond Segment's size limits, 503 with Retry-After when Kafka cannot
 * store the events (the producer retries; the event ids make retries harmless).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { context, propagation, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import type { Producer } from 'kafkajs';
import type { CustomerEventEnvelope, TraceContext } from '../../../schemas/envelope.ts';
import { topics } from '../../../schemas/names.ts';
import { toMessage } from '../../platform/kafka/customer-events.ts';
import type { ConsentWebhooks } from './consent-webhooks.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Metrics } from '../../platform/telemetry/metrics.ts';
import { KAFKA_ACK_TIMEOUT_MS, RETRY_AFTER_SECONDS } from './limits.ts';
import { declaredTypes, routes } from './requests.ts';

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.error));
  }
}

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

export function createIngestServer({
  producer,
  writeKeys,
  logger,
  tracer,
  metrics,
  topic = topics.customerEvents,
  consentWebhooks,
}: IngestDeps): Server {
  async function handle(request: IncomingMessage, response: ServerResponse) {
    const path = request.url?.split('?')[0] ?? '';
    if (request.method === 'GET' && path === '/health') return reply(response, 200, { ok: true });
    if (consentWebhooks?.handles(path)) {
      const body = await readBody(request, WEBHOOK_MAX_BYTES);
      const answer = await consentWebhooks.handle({ method: request.method ?? 'GET', path, headers: request.headers, body });
      // Answered only once the consent change is in the log: the customer's "you are unsubscribed" holds.
      if (answer.events.length > 0) await writeToKafka(answer.events.map(toMessage));
      for (const event of answer.events) metrics.eventsAccepted(event.type);
      response.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.body);
      return;
    }
    const route = routes[path];
    if (!route) throw new HttpError(404, { error: 'not_found', message: `no route ${path}` });
    if (request.method !== 'POST') throw new HttpError(405, { error: 'method_not_allowed' });
    if (!writeKeys.has(writeKeyOf(request) ?? '')) throw new HttpError(401, { error: 'unauthorized', message: 'unknown write key' });

    const body = await readJson(request, route.maxBytes);
    const converted = route.toEnvelopes(body, { at: new Date().toISOString(), newEventId: randomUUID });
    if (!converted.ok) {
      for (const type of declaredTypes(path, body)) metrics.eventsRejected(type);
      throw new HttpError(400, { error: 'invalid_request', issues: converted.issues });
    }
    const traceContext = currentTraceContext();
    const events: CustomerEventEnvelope[] = traceContext ? converted.value.map((event) => ({ ...event, traceContext })) : converted.value;
    await writeToKafka(events.map(toMessage));
    for (const event of events) metrics.eventsAccepted(event.type);
    reply(response, 200, { success: true, accepted: events.length });
  }

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

  return createServer((request, response) => {
    // A producer that traces its own requests sends a traceparent: our spans join its trace.
    const parent = propagation.extract(context.active(), request.headers);
    const name = `ingest ${request.method} ${request.url?.split('?')[0] ?? ''}`;
    void tracer.startActiveSpan(name, { kind: SpanKind.SERVER }, parent, (span) =>
      handle(request, response)
        .catch((error: unknown) => {
          if (error instanceof HttpError) return reply(response, error.status, error.body, error.headers);
          logger.error('ingest request failed', { error });
          reply(response, 500, { error: 'internal_error' });
        })
        .finally(() => {
          span.setAttribute('http.response.status_code', response.statusCode);
          if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
        }),
    );
  });
}

function writeKeyOf(request: IncomingMessage): string | undefined {
  const [scheme, encoded] = (request.headers.authorization ?? '').split(' ');
  if (scheme?.toLowerCase() !== 'basic' || !encoded) return undefined;
  return Buffer.from(encoded, 'base64').toString('utf8').split(':')[0];
}

async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  const tooLarge = () => new HttpError(413, { error: 'payload_too_large', message: `the limit of this endpoint is ${maxBytes} bytes` });
  if (declared > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function readJson(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  const body = await readBody(request, maxBytes);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, { error: 'invalid_request', issues: [{ path: '(body)', message: 'not valid JSON' }] });
  }
}

function reply(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}
