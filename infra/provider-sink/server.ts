/**
 * The provider sink: one local HTTP server speaking the Twilio, Web Push and Lob APIs, for
 * tests and the demo (email has its SMTP sink). It records what it received and, when told
 * through /_sink/faults, fails, refuses or stays silent for one recipient.
 *
 *   node --import tsx infra/provider-sink/server.ts     (infra/provider-sink.sh starts it)
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { loadConfig } from '../../services/platform/config.ts';
import { readBody, reply } from './http.ts';
import { createLobService } from './lob.ts';
import { createSinkState, type Fault } from './sink-state.ts';
import { createTwilioMessage, twilioMessagesPath } from './twilio.ts';
import { createWebPushService } from './web-push.ts';

export function createProviderSink(baseUrl: () => string) {
  const state = createSinkState();
  const webPush = createWebPushService(state, baseUrl);
  const lob = createLobService(state);

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://sink');
    const path = url.pathname;
    const method = request.method ?? 'GET';
    let match: RegExpExecArray | null;

    if (path === '/healthz') return reply(response, 200, { ok: true });
    if (method === 'POST' && (match = twilioMessagesPath.exec(path))) return createTwilioMessage(state, match[1]!, request, response);
    if (method === 'POST' && (match = /^\/push\/(\w+)$/.exec(path))) return webPush.push(match[1]!, request, response);
    if (method === 'POST' && (match = /^\/v1\/(postcards|letters)$/.exec(path)))
      return lob.create(match[1] as 'postcards' | 'letters', request, response);
    if (method === 'DELETE' && (match = /^\/v1\/(?:postcards|letters)\/(\w+)$/.exec(path))) return lob.cancel(match[1]!, request, response);
    if (method === 'GET' && (match = /^\/v1\/(?:postcards|letters)\/(\w+)$/.exec(path))) return lob.find(match[1]!, response);

    // The sink's own controls.
    if (method === 'GET' && path === '/_sink/received') {
      const provider = url.searchParams.get('provider');
      const to = url.searchParams.get('to');
      return reply(
        response,
        200,
        state.received.filter((m) => (!provider || m.provider === provider) && (!to || m.to === to)),
      );
    }
    if (method === 'POST' && path === '/_sink/faults') {
      state.addFault(JSON.parse((await readBody(request)).toString('utf8')) as Fault);
      return reply(response, 204);
    }
    if (method === 'DELETE' && path === '/_sink/faults') {
      state.clearFaults();
      return reply(response, 204);
    }
    if (method === 'POST' && path === '/_sink/push/subscriptions') return webPush.subscribe(response);
    if (method === 'POST' && (match = /^\/_sink\/push\/subscriptions\/(\w+)\/expire$/.exec(path)))
      return webPush.expire(match[1]!, response);
    reply(response, 404, { error: `the provider sink has no ${method} ${path}` });
  }

  return createServer((request, response) => {
    route(request, response).catch((error: unknown) => reply(response, 500, { error: String(error) }));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { providerSink } = loadConfig();
  const server = createProviderSink(() => providerSink.url);
  server.listen(providerSink.port, '127.0.0.1');
}
