/**
 * The ingest API, compatible with Segment's HTTP Tracking API (POST /v1/track,
 * /v1/identify; the write key is the Basic-auth user). It answers 200 only after Kafka
 * acknowledged the write, 400 naming every invalid field, 401 for an unknown write key.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Producer } from 'kafkajs';
import { topics } from '../../schemas/names.ts';
import { segmentToEnvelope, type SegmentCall } from '../../schemas/segment.ts';
import { toMessage } from '../kafka/customer-events.ts';
import type { Logger } from '../logger.ts';

// Segment's limit for one call.
const MAX_BODY_BYTES = 32 * 1024;

const routes: Record<string, SegmentCall> = { '/v1/track': 'track', '/v1/identify': 'identify' };

class HttpError extends Error {
  constructor(readonly status: number, readonly body: Record<string, unknown>) {
    super(String(body.error));
  }
}

export function createIngestServer(deps: { producer: Producer; writeKeys: ReadonlySet<string>; logger: Logger }): Server {
  const { producer, writeKeys, logger } = deps;

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const call = routes[request.url?.split('?')[0] ?? ''];
    if (request.method === 'GET' && request.url === '/health') return reply(response, 200, { ok: true });
    if (!call) throw new HttpError(404, { error: 'not_found' });
    if (request.method !== 'POST') throw new HttpError(405, { error: 'method_not_allowed' });
    if (!writeKeys.has(writeKeyOf(request) ?? '')) throw new HttpError(401, { error: 'unauthorized', message: 'unknown write key' });

    const body = await readJson(request);
    const converted = segmentToEnvelope(call, body, { at: new Date().toISOString(), newEventId: randomUUID });
    if (!converted.ok) throw new HttpError(400, { error: 'invalid_request', issues: converted.issues });

    await producer.send({ topic: topics.customerEvents, acks: -1, messages: [toMessage(converted.envelope)] });
    reply(response, 200, { success: true });
  }

  return createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (error instanceof HttpError) return reply(response, error.status, error.body);
      logger.error('ingest request failed', { error });
      reply(response, 503, { error: 'unavailable', message: 'the event could not be stored; retry' });
    });
  });
}

function writeKeyOf(request: IncomingMessage): string | undefined {
  const [scheme, encoded] = (request.headers.authorization ?? '').split(' ');
  if (scheme?.toLowerCase() !== 'basic' || !encoded) return undefined;
  return Buffer.from(encoded, 'base64').toString('utf8').split(':')[0];
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, { error: 'payload_too_large', message: `over ${MAX_BODY_BYTES} bytes` });
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, { error: 'invalid_request', issues: [{ path: '(body)', message: 'not valid JSON' }] });
  }
}

function reply(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
