/**
 * The console's HTTP app, on fastify: server-rendered pages, the same data as JSON under
 * /api/, and its static assets (one stylesheet, the charts' script, Chart.js from
 * node_modules). Every request signs in first (auth.ts). Pages are sent with a strict
 * Content-Security-Policy (scripts and styles from the console only; the charts' data is
 * JSON in a script element the browser does not run), never cached, and without a Referer
 * for the Temporal Web UI links they hold.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AnyJourney } from '../../../workflows/lib/journey-descriptor.ts';
import { journeyRegistry } from '../../../workflows/registry.ts';
import type { Logger } from '../../platform/logger.ts';
import { createAuth } from './auth.ts';
import { customerPage, customerPath } from './customer-page.ts';
import { html } from './html.ts';
import { MAX_WINDOW_DAYS, journeyPage } from './journey-page.ts';
import { journeysPage } from './journeys-page.ts';
import { assetPaths, messagePage } from './layout.ts';
import type { ConsoleReads } from './reads.ts';

export interface ConsoleAppOptions {
  /** The operator token (CONSOLE_TOKEN). */
  token: string;
  reads: ConsoleReads;
  logger: Logger;
  /** The journeys there are pages for; the registry's unless a test gives its own. */
  journeys?: readonly AnyJourney[];
}

const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const DEFAULT_WINDOW_DAYS = 30;

function loadAssets(): Record<string, { type: string; body: string }> {
  const here = (name: string) => fileURLToPath(new URL(`./assets/${name}`, import.meta.url));
  // Chart.js's package exports only its modules; the UMD build sits beside them in dist/.
  const chartJs = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');
  return {
    [assetPaths.css]: { type: 'text/css; charset=utf-8', body: readFileSync(here('console.css'), 'utf8') },
    [assetPaths.script]: { type: 'text/javascript; charset=utf-8', body: readFileSync(here('console.js'), 'utf8') },
    [assetPaths.chartJs]: { type: 'text/javascript; charset=utf-8', body: readFileSync(chartJs, 'utf8') },
  };
}

/** `30d` → 30; null for anything but a whole number of days from 1 to MAX_WINDOW_DAYS. */
export function parseWindow(text: string | undefined): number | null {
  if (text === undefined || text === '') return DEFAULT_WINDOW_DAYS;
  const match = /^(\d{1,3})d?$/.exec(text);
  const days = match ? Number(match[1]) : NaN;
  return days >= 1 && days <= MAX_WINDOW_DAYS ? days : null;
}

const wantsJson = (request: FastifyRequest) => request.url.startsWith('/api/');

function sendPage(reply: FastifyReply, status: number, body: string) {
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}

export async function createConsoleApp({ token, reads, logger, journeys = journeyRegistry }: ConsoleAppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  const auth = createAuth(token);
  const assets = loadAssets();
  const known = (journeyId: string) => journeys.find((journey) => journey.id === journeyId);

  app.addHook('onRequest', async (request, reply) => {
    // Browsers ask for it whatever the page says; nothing to sign in for.
    if (request.url === '/favicon.ico') return reply.code(204).send();
    const decision = auth({
      url: request.url,
      authorization: request.headers.authorization,
      cookie: request.headers.cookie,
      secure: request.protocol === 'https',
    });
    if (decision.kind === 'signed-in') return;
    if (decision.kind === 'sign-in')
      return reply.code(303).header('set-cookie', decision.cookie).header('location', decision.location).send();
    reply.header('www-authenticate', 'Bearer realm="journeys console"');
    if (wantsJson(request)) return reply.code(401).send({ error: 'unauthorized', message: 'send Authorization: Bearer <CONSOLE_TOKEN>' });
    return sendPage(
      reply,
      401,
      messagePage(
        'Sign in to the console',
        html`<p>
          ${decision.reason === 'wrong token' ? 'That token is not this console’s. ' : ''}Open this address once with
          <code>?token=&lt;CONSOLE_TOKEN&gt;</code> at its end (the demo prints such a link): it signs this browser in. Scripts send
          <code>Authorization: Bearer &lt;CONSOLE_TOKEN&gt;</code>.
        </p>`,
      ),
    );
  });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    if (!(request.url in assets)) {
      reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
      reply.header('cache-control', 'no-store');
    }
  });

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    if (error.statusCode !== undefined && error.statusCode < 500) {
      if (wantsJson(request)) return reply.code(error.statusCode).send({ error: 'bad_request', message: error.message });
      return sendPage(reply, error.statusCode, messagePage('Bad request', error.message));
    }
    logger.error('console request failed', { error, path: request.routeOptions.url });
    if (wantsJson(request)) return reply.code(500).send({ error: 'internal_error' });
    return sendPage(
      reply,
      500,
      messagePage('Something went wrong', 'The console could not read what this page shows; the console’s log has why.'),
    );
  });

  app.setNotFoundHandler((request, reply) => {
    if (wantsJson(request)) return reply.code(404).send({ error: 'not_found' });
    return sendPage(reply, 404, messagePage('Not found', html`<p>Nothing here. <a href="/">All journeys</a></p>`));
  });

  for (const [path, asset] of Object.entries(assets)) {
    app.get(path, (_request, reply) => reply.type(asset.type).header('cache-control', 'private, max-age=3600').send(asset.body));
  }

  const unknownJourney = (reply: FastifyReply, request: FastifyRequest, journeyId: string) => {
    if (wantsJson(request)) return reply.code(404).send({ error: 'not_found', message: `no journey "${journeyId}"` });
    return sendPage(
      reply,
      404,
      messagePage(
        'No such journey',
        html`<p>There is no journey <code>${journeyId}</code>. The journeys:</p>
          <ul class="chips">
            ${journeys.map((journey) => html`<li class="chip"><a href="/journeys/${encodeURIComponent(journey.id)}">${journey.id}</a></li>`)}
          </ul>`,
      ),
    );
  };
  const badWindow = (reply: FastifyReply, request: FastifyRequest, text: string) => {
    const message = `window must be a number of days from 1 to ${MAX_WINDOW_DAYS}, such as 30d, not "${text}"`;
    if (wantsJson(request)) return reply.code(400).send({ error: 'bad_request', message });
    return sendPage(reply, 400, messagePage('Bad request', message));
  };

  type JourneyRequest = FastifyRequest<{ Params: { id: string }; Querystring: { window?: string } }>;
  const journeyView = async (
    request: JourneyRequest,
    reply: FastifyReply,
    render: (view: Awaited<ReturnType<ConsoleReads['journey']>>) => unknown,
  ) => {
    const journey = known(request.params.id);
    if (!journey) return unknownJourney(reply, request, request.params.id);
    const days = parseWindow(request.query.window);
    if (days === null) return badWindow(reply, request, request.query.window ?? '');
    return render(await reads.journey(journey, days));
  };

  app.get('/', async (_request, reply) => sendPage(reply, 200, journeysPage(await reads.journeys())));
  app.get('/journeys/:id', (request: JourneyRequest, reply) =>
    journeyView(request, reply, (view) => sendPage(reply, 200, journeyPage(view, known(request.params.id)))),
  );
  app.get('/customers', (request: FastifyRequest<{ Querystring: { id?: string } }>, reply) => {
    const id = request.query.id?.trim() ?? '';
    if (id === '') return reply.code(303).header('location', '/').send();
    return reply.code(303).header('location', customerPath(id)).send();
  });
  app.get('/customers/:id', async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const view = await reads.customer(request.params.id);
    if (view) return sendPage(reply, 200, customerPage(view));
    return sendPage(
      reply,
      404,
      messagePage(
        'No such customer',
        html`<p>Nothing is known of the customer id <code>${request.params.id}</code>: no profile, event, message or journey.</p>`,
        request.params.id,
      ),
    );
  });

  app.get('/api/journeys', async () => reads.journeys());
  app.get('/api/journeys/:id', (request: JourneyRequest, reply) => journeyView(request, reply, (view) => reply.send(view)));
  app.get('/api/customers/:id', async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const view = await reads.customer(request.params.id);
    return view
      ? reply.send(view)
      : reply.code(404).send({ error: 'not_found', message: `nothing is known of customer "${request.params.id}"` });
  });
  return app;
}
