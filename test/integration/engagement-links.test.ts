/**
 * Engagement with journey messages, on the real ingest API, Kafka, projector, SMTP sink and
 * provider sink: an email sent through the send gate carries tracked links and an open
 * pixel; following a link redirects to its destination and writes `Message Clicked` to the
 * log, the pixel writes `Message Opened`, a push notification's click is reported by the
 * service worker; a tampered token redirects nowhere and writes nothing. The projector
 * keeps each in message_engagement for the journey reports.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { waitFor } from '../../services/platform/wait-for.ts';
import { inTransaction } from '../../services/platform/db/pool.ts';
import { projectEvent, projectionTables } from '../../services/processes/projector/project-event.ts';
import type { CustomerEventEnvelope } from '../../schemas/envelope.ts';
import { TRANSPARENT_GIF } from '../../services/processes/ingest/engagement-links.ts';
import { productOnTheStack } from '../support/product-on-the-stack.ts';
import { customerEvent, project, uniqueId } from '../support/fixtures.ts';
import { shopperThroughTheLog } from '../support/pipeline.ts';

const { config, deps, ingestUrl } = productOnTheStack('engagement-links-test', { INGEST_PORT: '18113' }, ['ingest', 'projector']);

function step(customerId: string, template: string) {
  return {
    customerId,
    journeyId: 'referral-welcome',
    workflowId: `journey/test/${customerId}/${randomUUID()}`,
    step: 'welcome',
    at: new Date().toISOString(),
    template,
    trigger: customerEvent(customerId, 'Checkout Started', { cart_id: uniqueId('cart'), value: { amount: 4200, currency: 'USD' } }),
  };
}

interface Engagement {
  event_id: string;
  customer_id: string;
  journey_id: string;
  step: string;
  channel: string;
  kind: string;
  url: string | null;
}
const engagementOf = async (workflowId: string) =>
  (
    await deps.db.query<Engagement>(
      `select event_id, customer_id, journey_id, step, channel, kind, url from message_engagement where workflow_id = $1 order by at`,
      [workflowId],
    )
  ).rows;
const waitForEngagement = (workflowId: string, count: number) =>
  waitFor(async () => ((await engagementOf(workflowId)).length >= count ? engagementOf(workflowId) : undefined), {
    timeoutMs: 30_000,
    what: `${count} clicks or opens of ${workflowId} projected`,
  });
const eventsOf = async (customerId: string, type: string) =>
  (
    await deps.db.query<{ payload: Record<string, unknown> }>('select payload from events where customer_id = $1 and type = $2', [
      customerId,
      type,
    ])
  ).rows;

/** The customers of these tests, whose engagement the rebuild test projects again. */
const customers: string[] = [];

/** An email sent through the send gate and received by the SMTP sink. */
async function sentEmail() {
  const shopper = await shopperThroughTheLog(deps.db, ingestUrl(), { consent: 'email' });
  customers.push(shopper.customerId);
  const request = step(shopper.customerId, 'referral-welcome');
  assert.equal((await deps.activities().sendEmail(request)).status, 'sent');
  const [email] = await waitFor(async () => ((await deps.inbox.to(shopper.email)).length > 0 ? deps.inbox.to(shopper.email) : undefined), {
    timeoutMs: 10_000,
    what: 'the email in the SMTP sink',
  });
  return { shopper, request, email: email! };
}

const clickLinkIn = (text: string) => new RegExp(`${config.links.baseUrl.replaceAll('.', '\\.')}/c/[\\w-]+\\.[\\w-]+`).exec(text)?.[0];

describe('tracked links', () => {
  it("an email's links lead through our server, which records the click and redirects to the destination", async () => {
    const { shopper, request, email } = await sentEmail();
    const link = clickLinkIn(email.text);
    assert.ok(link, email.text);
    assert.ok(link.length < 100, link);
    // The unsubscribe link is ours already: the same in the text as in the header.
    const unsubscribe = /^<(.+)>$/.exec(email.headers['list-unsubscribe'] ?? '')?.[1] ?? '';
    assert.ok(email.text.includes(`Unsubscribe: ${unsubscribe}`), email.text);
    // The HTML twin links to the same tracked link.
    assert.ok(email.html?.includes(`href="${link}"`), email.html);

    const followed = await fetch(link, { redirect: 'manual' });
    assert.equal(followed.status, 302);
    assert.equal(followed.headers.get('location'), `${config.links.shopUrl}/`);
    assert.match(followed.headers.get('cache-control') ?? '', /no-store/);

    const [click] = await waitForEngagement(request.workflowId, 1);
    assert.deepEqual(
      { ...click, event_id: undefined },
      {
        event_id: undefined,
        customer_id: shopper.customerId,
        journey_id: 'referral-welcome',
        step: 'welcome',
        channel: 'email',
        kind: 'click',
        url: `${config.links.shopUrl}/`,
      },
    );
    assert.deepEqual(await eventsOf(shopper.customerId, 'Message Clicked'), [
      {
        payload: {
          journey_id: 'referral-welcome',
          workflow_id: request.workflowId,
          step: 'welcome',
          channel: 'email',
          url: `${config.links.shopUrl}/`,
        },
      },
    ]);

    // A second click is a second event.
    assert.equal((await fetch(link, { redirect: 'manual' })).status, 302);
    assert.equal((await waitForEngagement(request.workflowId, 2)).length, 2);
  });

  it('the open pixel at the end of the email answers a transparent GIF, uncached, and records Message Opened', async () => {
    const { shopper, request, email } = await sentEmail();
    const pixel = new RegExp(`<img src="(${config.links.baseUrl.replaceAll('.', '\\.')}/o/[\\w.-]+\\.gif)"[^>]*></body>`).exec(
      email.html ?? '',
    )?.[1];
    assert.ok(pixel, email.html);

    const opened = await fetch(pixel);
    assert.equal(opened.status, 200);
    assert.equal(opened.headers.get('content-type'), 'image/gif');
    assert.match(opened.headers.get('cache-control') ?? '', /no-store/);
    assert.deepEqual(Buffer.from(await opened.arrayBuffer()), TRANSPARENT_GIF);

    const [open] = await waitForEngagement(request.workflowId, 1);
    assert.deepEqual([open?.kind, open?.channel, open?.url], ['open', 'email', null]);
    assert.deepEqual(await eventsOf(shopper.customerId, 'Message Opened'), [
      { payload: { journey_id: 'referral-welcome', workflow_id: request.workflowId, step: 'welcome', channel: 'email' } },
    ]);
  });

  it('a tampered link answers a page that says it is broken, redirects nowhere and writes nothing; a HEAD counts nothing', async () => {
    const { shopper, request, email } = await sentEmail();
    const link = clickLinkIn(email.text)!;
    const [body, signature] = link.slice(link.lastIndexOf('/') + 1).split('.') as [string, string];
    const elsewhere = Buffer.from(`${Buffer.from(body, 'base64url').subarray(0, 13).toString('latin1')}evil.example/`, 'latin1').toString(
      'base64url',
    );
    for (const tampered of [
      `${config.links.baseUrl}/c/${elsewhere}.${signature}`,
      `${config.links.baseUrl}/c/${body}.${signature.slice(0, -1)}x`,
      `${config.links.baseUrl}/c/nothing`,
    ]) {
      const answer = await fetch(tampered, { redirect: 'manual' });
      assert.equal(answer.status, 400, tampered);
      assert.equal(answer.headers.get('location'), null);
      assert.match(answer.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(await answer.text(), /This link is broken/);
    }
    const forgedPixel = await fetch(`${config.links.baseUrl}/o/${body}.${signature}.gif`);
    assert.equal(forgedPixel.status, 400);
    assert.equal((await fetch(link, { method: 'HEAD', redirect: 'manual' })).status, 302);

    // The customer's events are in order on one partition: once the real click is projected,
    // anything the requests above had written would be too.
    assert.equal((await fetch(link, { redirect: 'manual' })).status, 302);
    await waitForEngagement(request.workflowId, 1);
    assert.equal((await eventsOf(shopper.customerId, 'Message Clicked')).length, 1);
    assert.equal((await eventsOf(shopper.customerId, 'Message Opened')).length, 0);
  });

  it("a push notification's click, reported by the service worker from the shop's origin, is recorded once per click", async () => {
    const { id: device, subscription } = await deps.sink.subscribePush();
    const shopper = await shopperThroughTheLog(deps.db, ingestUrl(), {
      consent: 'push',
      events: [{ event: 'Push Subscription Registered', properties: subscription }],
    });
    customers.push(shopper.customerId);
    const request = { ...step(shopper.customerId, 'cart-reminder-push'), journeyId: 'cart-abandonment', step: 'reminder-push' };
    assert.equal((await deps.activities().sendPush(request)).status, 'sent');
    const [push] = await deps.sink.received('web-push', device);
    const { url, clickToken, clickReportUrl } = push?.content as Record<string, string>;
    assert.equal(url, '/cart');

    const origin = { origin: 'https://shop.example' };
    const preflight = await fetch(clickReportUrl!, {
      method: 'OPTIONS',
      headers: { ...origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /content-type/);

    const report = (body: unknown) => fetch(clickReportUrl!, { method: 'POST', headers: origin, body: JSON.stringify(body) });
    const clicked = await report({ token: clickToken, click_id: 'click-1' });
    assert.equal(clicked.status, 200);
    assert.equal(clicked.headers.get('access-control-allow-origin'), '*');
    assert.deepEqual(await clicked.json(), { success: true, accepted: 1 });
    assert.equal((await report({ token: clickToken, click_id: 'click-1' })).status, 200, "the worker's retry of the same click");
    assert.equal((await report({ token: clickToken, click_id: 'click-2' })).status, 200, 'another click');

    const bad = await report({ token: `${clickToken}x` });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('access-control-allow-origin'), '*');
    assert.equal((await report({ nothing: true })).status, 400);

    const clicks = await waitForEngagement(request.workflowId, 2);
    assert.deepEqual(
      clicks.map((click) => [click.kind, click.channel, click.url]),
      [
        ['click', 'push', `${config.links.shopUrl}/cart`],
        ['click', 'push', `${config.links.shopUrl}/cart`],
      ],
    );
    const events = await eventsOf(shopper.customerId, 'Message Clicked');
    assert.equal(events.length, 2, 'the retry of click-1 is the same event');
  });

  it('the engagement table is a projection: the log projected again into fresh tables (as a rebuild does) gives the same rows', async () => {
    assert.ok(projectionTables.includes('message_engagement'), 'the rebuild recreates and swaps it with the others');
    const { rows } = await deps.db.query<{
      event_id: string;
      customer_id: string;
      type: string;
      occurred_at: Date;
      received_at: Date;
      source: string;
      payload: Record<string, unknown>;
    }>(
      `select event_id, customer_id, type, occurred_at, received_at, source, payload from events
       where customer_id = any($1) and type in ('Message Clicked', 'Message Opened') order by occurred_at`,
      [customers],
    );
    assert.ok(rows.length >= 6, 'the tests above clicked and opened');
    const log: CustomerEventEnvelope[] = rows.map((row) => ({
      eventId: row.event_id,
      customerId: row.customer_id,
      type: row.type,
      version: 1,
      occurredAt: row.occurred_at.toISOString(),
      receivedAt: row.received_at.toISOString(),
      source: row.source,
      payload: row.payload,
    }));
    const schema = `engagement_rebuild_${randomUUID().slice(0, 8)}`;
    try {
      await inTransaction(deps.db, async (client) => {
        await client.query(`create schema ${schema}`);
        for (const table of projectionTables) await client.query(`create table ${schema}.${table} (like public.${table} including all)`);
        await client.query(`set local search_path to ${schema}, public`);
        for (const event of log) await projectEvent(client, event);
      });
      const rowsOf = async (from: string) =>
        (
          await deps.db.query(`select * from ${from}.message_engagement where customer_id = any($1) order by event_id`, [customers])
        ).rows.map((row) => JSON.stringify(row));
      assert.deepEqual(await rowsOf(schema), await rowsOf('public'));
    } finally {
      await deps.db.query(`drop schema if exists ${schema} cascade`);
    }
  });

  it("follows a merge: the visitor's clicks are the customer's", async () => {
    // Around the log (projected straight into the database), so the stack's log stays the whole story of its customers.
    const visitor = `anonymous:${uniqueId('visitor')}`;
    const into = uniqueId('customer');
    const message = { journey_id: 'browse-abandonment', workflow_id: `journey/test/${visitor}`, step: 'browsed' };
    await project(
      deps.db,
      customerEvent(visitor, 'Message Clicked', { ...message, channel: 'email', url: 'https://shop.example/teapot' }),
      customerEvent(visitor, 'Message Opened', { ...message, channel: 'email' }),
    );
    await project(deps.db, customerEvent(into, 'Identities Merged', { merged_customer_id: visitor }));
    const kinds = async (customerId: string) =>
      (
        await deps.db.query<{ kind: string }>('select kind from message_engagement where customer_id = $1 order by kind', [customerId])
      ).rows.map((row) => row.kind);
    assert.deepEqual(await kinds(into), ['click', 'open']);
    assert.deepEqual(await kinds(visitor), []);
  });
});
