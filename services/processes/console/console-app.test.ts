/**
 * The console's HTTP app without servers: reads are stubbed with a journey report built from
 * the real statistics, so these tests check signing in, the answers to wrong addresses, and
 * that data from producers (customer ids, step names, reasons) reaches pages as text.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JourneyReport } from '../../platform/analytics/journey-report.ts';
import { compareMeans, compareProportions } from '../../platform/analytics/statistics.ts';
import { verdict } from '../../platform/analytics/verdict.ts';
import { loadConfig } from '../../platform/config.ts';
import { createLogger } from '../../platform/logger.ts';
import type { CustomerReport } from '../../platform/operator-reports.ts';
import { createConsoleApp } from './console-app.ts';
import { startConsole } from './console.ts';
import { escapeHtml } from './html.ts';
import { journeyCharts } from './journey-page.ts';
import type { ConsoleReads, CustomerView, JourneyView } from './reads.ts';

const TOKEN = 'console-test-token-0123456789';
const HOSTILE = '<script>alert("x")</script>';

function report(journeyId: string, step = 'reminder-1'): JourneyReport {
  const conversion = compareProportions({ control: { n: 200, conversions: 10 }, treated: { n: 1800, conversions: 144 } });
  const revenue = compareMeans({
    control: { n: 200, sum: 500, sumOfSquares: 40_000 },
    treated: { n: 1800, sum: 7200, sumOfSquares: 600_000 },
  });
  const group = (customers: number, converted: number, money: number) => ({
    customers,
    converted,
    conversionRate: converted / customers,
    revenue: money,
    revenuePerCustomer: money / customers,
  });
  return {
    journeyId,
    window: { from: '2026-11-05T00:00:00.000Z', to: '2026-12-05T00:00:00.000Z', days: 30 },
    attributionWindow: '7 days',
    currency: 'EUR',
    funnel: {
      entered: 2000,
      steps: [{ step, sent: 1500, skipped: { holdout: 200, [HOSTILE]: 3 }, failed: 1, cancelled: 0, clicked: 300 }],
      clicked: 300,
      converted: 154,
      revenue: 7700,
    },
    exits: { converted: 154 },
    activeByStep: { [step]: 20 },
    treated: group(1800, 144, 7200),
    holdout: group(200, 10, 500),
    lift: {
      conversion,
      revenue,
      verdict: verdict({ comparison: conversion }),
      revenueVerdict: verdict({ comparison: revenue, currency: 'EUR' }),
      minimumDetectableEffect: 0.04,
      incrementalRevenue: 2700,
    },
    variants: [],
    abTests: [],
    conversionsByStep: [{ step, conversions: 154, revenue: 7700 }],
    daily: [{ day: '2026-11-20', treated: 5, holdout: 1, revenue: 300 }],
  };
}

const view = (journeyId: string, step?: string): JourneyView => ({
  status: {
    journeyId,
    state: 'active',
    steps: [{ step: step ?? 'reminder-1', customers: 20, webUiUrl: 'http://127.0.0.1:8233/x' }],
    running: 20,
  },
  report: report(journeyId, step),
});

function customer(customerId: string): CustomerView {
  const customerReport: CustomerReport = {
    customerId,
    workflow: null,
    workflowProblem: null,
    consent: [{ channel: 'email', purpose: 'marketing', granted: true, changedAt: new Date('2026-11-01T10:00:00Z') }],
    assignments: [],
    messages: [
      {
        at: new Date('2026-11-02T10:00:00Z'),
        journeyId: 'cart-abandonment',
        step: HOSTILE,
        channel: 'email',
        status: 'skipped',
        reason: HOSTILE,
        cost: null,
      },
    ],
    value: null,
    segments: { customerId, ids: [HOSTILE] },
    shopCurrency: 'EUR',
    loyalty: { balance: 0, tier: null, nextExpiry: null },
    webUiUrl: 'http://127.0.0.1:8233/namespaces/default/workflows',
  };
  return {
    report: customerReport,
    profile: { customerId, email: 'ada@example.com', phone: null, address: null, timeZone: 'Europe/Paris', traits: { firstName: HOSTILE } },
    entries: [],
  };
}

const reads: ConsoleReads = {
  journeys: () => Promise.resolve([view('cart-abandonment'), view('welcome')]),
  journey: (journey) => Promise.resolve(view(journey.id, HOSTILE)),
  customer: (customerId) => Promise.resolve(customerId.startsWith('nobody') ? null : customer(customerId)),
};

const app = () => createConsoleApp({ token: TOKEN, reads, logger: createLogger('error') });
const bearer = { authorization: `Bearer ${TOKEN}` };

describe('console sign-in', () => {
  it('refuses a request without the token: 401 with a page saying how to sign in', async () => {
    const console = await app();
    for (const url of ['/', '/journeys/cart-abandonment', '/customers/c-1', '/assets/console.css']) {
      const response = await console.inject({ url });
      assert.equal(response.statusCode, 401, url);
    }
    const page = await console.inject({ url: '/' });
    assert.match(page.headers['content-type'] as string, /text\/html/);
    assert.match(page.body, /Sign in to the console/);
    assert.match(page.body, /\?token=&lt;CONSOLE_TOKEN&gt;/);
    assert.doesNotMatch(page.body, new RegExp(TOKEN));
    const api = await console.inject({ url: '/api/journeys' });
    assert.equal(api.statusCode, 401);
    assert.equal(api.json<{ error: string }>().error, 'unauthorized');
  });

  it('lets a request with Authorization: Bearer <token> through, and refuses a wrong one', async () => {
    const console = await app();
    assert.equal((await console.inject({ url: '/', headers: bearer })).statusCode, 200);
    assert.equal((await console.inject({ url: '/api/journeys', headers: bearer })).json<unknown[]>().length, 2);
    const wrong = await console.inject({ url: '/', headers: { authorization: `Bearer ${TOKEN}x` } });
    assert.equal(wrong.statusCode, 401);
    assert.match(wrong.body, /not this console’s/);
  });

  it('signs a browser in with ?token= once: an HttpOnly SameSite=Lax cookie and a redirect to the same address without it', async () => {
    const console = await app();
    const signIn = await console.inject({ url: `/journeys/cart-abandonment?window=7d&token=${TOKEN}` });
    assert.equal(signIn.statusCode, 303);
    assert.equal(signIn.headers.location, '/journeys/cart-abandonment?window=7d');
    const cookie = signIn.headers['set-cookie'] as string;
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.match(cookie, /Path=\//);
    assert.ok(!cookie.includes(TOKEN), 'the cookie holds no token');
    const session = cookie.split(';')[0]!;
    const page = await console.inject({ url: '/journeys/cart-abandonment?window=7d', headers: { cookie: `other=1; ${session}` } });
    assert.equal(page.statusCode, 200);

    assert.equal((await console.inject({ url: `/?token=${TOKEN}x` })).statusCode, 401, 'a wrong token sets nothing');
    const forged = await console.inject({ url: '/', headers: { cookie: `${session.split('=')[0]}=forged` } });
    assert.equal(forged.statusCode, 401);
    // A console with another token does not take this one's session.
    const other = await createConsoleApp({ token: `${TOKEN}-rotated`, reads, logger: createLogger('error') });
    assert.equal((await other.inject({ url: '/', headers: { cookie: session } })).statusCode, 401);
  });

  it('redirects only within the console', async () => {
    const console = await app();
    const response = await console.inject({ url: `/.//evil.example/?token=${TOKEN}` });
    assert.equal(response.statusCode, 303);
    assert.match(response.headers.location as string, /^\/(?!\/)/);
  });

  it('refuses to start without CONSOLE_TOKEN, naming it', async () => {
    const config = loadConfig();
    await assert.rejects(
      startConsole({ ...config, console: { ...config.console, token: null } }, createLogger('error')),
      /CONSOLE_TOKEN: required/,
    );
    await assert.rejects(startConsole(config, createLogger('error'), { token: 'short' }), /CONSOLE_TOKEN: must be at least 16 characters/);
  });
});

describe('console pages', () => {
  it('answers an unknown journey with 404, naming it and listing the journeys', async () => {
    const response = await (await app()).inject({ url: '/journeys/no-such-journey', headers: bearer });
    assert.equal(response.statusCode, 404);
    assert.match(response.body, /There is no journey <code>no-such-journey<\/code>/);
    assert.match(response.body, /href="\/journeys\/cart-abandonment"/);
    assert.equal((await (await app()).inject({ url: '/api/journeys/no-such-journey', headers: bearer })).statusCode, 404);
  });

  it('answers an unknown customer with 404, and a window that is not a number of days with 400', async () => {
    const console = await app();
    const nobody = await console.inject({ url: '/customers/nobody-1', headers: bearer });
    assert.equal(nobody.statusCode, 404);
    assert.match(nobody.body, /Nothing is known of the customer id <code>nobody-1<\/code>/);
    const window = await console.inject({ url: '/journeys/welcome?window=forever', headers: bearer });
    assert.equal(window.statusCode, 400);
    assert.match(window.body, /window must be a number of days/);
    assert.equal((await console.inject({ url: '/journeys/welcome?window=90d', headers: bearer })).statusCode, 200);
  });

  it('escapes data from producers: a customer id, step and reason with <script> render as text', async () => {
    const console = await app();
    const id = `c-${HOSTILE}`;
    const page = await console.inject({ url: `/customers/${encodeURIComponent(id)}`, headers: bearer });
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes(HOSTILE), 'no producer markup on the customer page');
    assert.ok(page.body.includes(escapeHtml(HOSTILE)), 'shown as text');
    assert.ok(page.body.includes(`<h1 data-customer="${escapeHtml(id)}">${escapeHtml(id)}</h1>`));

    const journey = await console.inject({ url: '/journeys/cart-abandonment', headers: bearer });
    assert.equal(journey.statusCode, 200);
    assert.ok(!journey.body.includes(HOSTILE), 'no producer markup on the journey page, nor in its chart data');
    assert.ok(journey.body.includes('\\u003cscript>alert'), 'the chart data keeps the step name, with < escaped');
    const data = /<script type="application\/json" id="console-data">(.*?)<\/script>/s.exec(journey.body)?.[1];
    assert.ok(data, 'the chart data is in the page');
    assert.deepEqual(JSON.parse(data), JSON.parse(JSON.stringify(journeyCharts(report('cart-abandonment', HOSTILE)))));
  });

  it('sends the search box to the customer page, and pages with a policy that runs only its own scripts', async () => {
    const console = await app();
    const search = await console.inject({ url: '/customers?id=%20ada%20lovelace%20', headers: bearer });
    assert.equal(search.statusCode, 303);
    assert.equal(search.headers.location, '/customers/ada%20lovelace');
    const page = await console.inject({ url: '/', headers: bearer });
    assert.match(page.headers['content-security-policy'] as string, /script-src 'self'/);
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.equal(page.headers['referrer-policy'], 'no-referrer');
    const chartJs = await console.inject({ url: '/assets/chart.umd.min.js', headers: bearer });
    assert.equal(chartJs.statusCode, 200);
    assert.match(chartJs.body, /Chart\.js v4/);
  });

  it('shows each journey with its state, customers per step with Web UI links, and its lift', async () => {
    const page = (await (await app()).inject({ url: '/', headers: bearer })).body;
    assert.match(page, /data-state="active"/);
    assert.match(page, /href="http:\/\/127.0.0.1:8233\/x"/);
    assert.match(page, /\+3\.0 pts/);
    assert.match(page, /href="\/journeys\/welcome"/);
  });
});
