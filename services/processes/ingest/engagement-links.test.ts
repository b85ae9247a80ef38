/**
 * The answers of tracked links, with the message ledger as a table in memory (the real
 * ingest API, Kafka and PostgreSQL: test/integration/engagement-links.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Db } from '../../platform/db/pool.ts';
import { createTrackedLinks, messageRefHex, messageRefOf } from '../../platform/engagement/tracked-links.ts';
import { createLogger } from '../../platform/logger.ts';
import { createEngagementLinks, TRANSPARENT_GIF } from './engagement-links.ts';

const signer = createTrackedLinks({ baseUrl: 'https://go.shop-example.com', secret: 'a-secret-of-sixteen-chars' });
const key = 'journey/welcome/c-1/account/welcome-1';
const row = {
  idempotency_key: key,
  customer_id: 'c-1',
  journey_id: 'welcome',
  workflow_id: 'journey/welcome/c-1/account',
  step: 'welcome-1',
  channel: 'email',
  purpose: 'marketing',
  status: 'sent',
};
/** The ledger as `findMessageByRef` reads it: one row, found by its ref; or a database that is down. */
const ledger = (state: 'up' | 'down') =>
  ({
    query: (_sql: string, [ref]: [string]) =>
      state === 'down'
        ? Promise.reject(new Error('connection refused'))
        : Promise.resolve({ rows: ref === messageRefHex(key) ? [row] : [] }),
  }) as unknown as Db;
const handlers = (state: 'up' | 'down' = 'up') =>
  createEngagementLinks({ db: ledger(state), links: signer, logger: createLogger('error') });
const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
const clickToken = tokenOf(signer.clickUrl(messageRefOf(key), 'https://shop.example/cart?a=1&b="2"')!);

describe('tracked links, answered', () => {
  it('a click redirects to the destination, uncached, with the event of the message the ledger names', async () => {
    const answer = await handlers().click(clickToken, 'GET');
    assert.equal(answer.status, 302);
    assert.equal(answer.headers.location, 'https://shop.example/cart?a=1&b=%222%22');
    assert.match(answer.headers['cache-control'] ?? '', /no-store/);
    assert.equal(answer.events.length, 1);
    const [event] = answer.events;
    assert.deepEqual(
      { customerId: event?.customerId, type: event?.type, source: event?.source, payload: event?.payload },
      {
        customerId: 'c-1',
        type: 'Message Clicked',
        source: 'tracked-link',
        payload: {
          journey_id: 'welcome',
          workflow_id: 'journey/welcome/c-1/account',
          step: 'welcome-1',
          channel: 'email',
          url: 'https://shop.example/cart?a=1&b=%222%22',
        },
      },
    );
    assert.match(event?.eventId ?? '', /^message-clicked\//);
    const again = await handlers().click(clickToken, 'GET');
    assert.notEqual(again.events[0]?.eventId, event?.eventId, 'two clicks, two events');
  });

  it('a broken token gets a page that says so and no redirect; a HEAD redirects and counts nothing', async () => {
    for (const token of [`${clickToken}x`, 'nothing', '', tokenOf(signer.openUrl(messageRefOf(key))).replace(/\.gif$/, '')]) {
      const answer = await handlers().click(token, 'GET');
      assert.deepEqual([answer.status, answer.headers.location, answer.events], [400, undefined, []], token);
      assert.match(String(answer.body), /This link is broken/);
    }
    const head = await handlers().click(clickToken, 'HEAD');
    assert.deepEqual([head.status, head.events], [302, []]);
  });

  it('a signed link still takes the customer where it promised when its message cannot be found or the ledger is down, counting nothing', async () => {
    const gone = messageRefOf('journey/gone/c-2/x/step');
    for (const [ref, state] of [
      [gone, 'up'],
      [messageRefOf(key), 'down'],
    ] as const) {
      const answer = await handlers(state).click(tokenOf(signer.clickUrl(ref, 'https://shop.example/')!), 'GET');
      assert.deepEqual([answer.status, answer.headers.location, answer.events.length], [302, 'https://shop.example/', 0], state);
      const pixel = await handlers(state).open(tokenOf(signer.openUrl(ref)), 'GET');
      assert.deepEqual([pixel.status, pixel.events.length], [200, 0], state);
    }
  });

  it('the open pixel is a GIF, with Message Opened; a forged one the same GIF with a 400', async () => {
    const open = await handlers().open(tokenOf(signer.openUrl(messageRefOf(key))), 'GET');
    assert.equal(open.status, 200);
    assert.equal(open.headers['content-type'], 'image/gif');
    assert.deepEqual(open.body, TRANSPARENT_GIF);
    assert.deepEqual(
      open.events.map((event) => [event.type, event.payload.channel]),
      [['Message Opened', 'email']],
    );
    const forged = await handlers().open(`${clickToken}.gif`, 'GET');
    assert.deepEqual([forged.status, forged.body, forged.events], [400, TRANSPARENT_GIF, []]);
  });

  it('a push click report is recorded under the id of its click_id, so a retry is the same event', async () => {
    const first = await handlers().pushClick({ token: clickToken, click_id: 'c1' });
    const retry = await handlers().pushClick({ token: clickToken, click_id: 'c1' });
    const other = await handlers().pushClick({ token: clickToken });
    assert.equal(first.status, 200);
    assert.deepEqual(JSON.parse(String(first.body)), { success: true, accepted: 1 });
    assert.equal(first.events[0]?.eventId, retry.events[0]?.eventId);
    assert.notEqual(other.events[0]?.eventId, first.events[0]?.eventId);
    assert.equal(first.events[0]?.source, 'push-click');
    for (const body of [{ token: `${clickToken}x` }, { token: 1 }, null, 'text'])
      assert.deepEqual([(await handlers().pushClick(body)).status, (await handlers().pushClick(body)).events], [400, []]);
  });
});
