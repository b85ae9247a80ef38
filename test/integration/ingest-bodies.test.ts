/**
 * How the ingest API reads request bodies, on the real Kafka and PostgreSQL: compressed
 * bodies as SDKs send them, and bodies it must refuse with a 400 that names the problem
 * (writing nothing). RudderStack's own Node SDK, with its defaults (gzip), delivers everything.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { deflateSync, gzipSync } from 'node:zlib';
import Analytics from '@rudderstack/rudder-sdk-node';
import type { Kafka } from 'kafkajs';
import { loadConfig } from '../../services/platform/config.ts';
import { createDb, type Db } from '../../services/platform/db/pool.ts';
import { createKafka } from '../../services/platform/kafka/client.ts';
import { createLogger } from '../../services/platform/logger.ts';
import { MAX_FIELDS_PER_EVENT, MAX_NESTING_DEPTH } from '../../schemas/event-limits.ts';
import { startProduct, type RunningProduct } from '../../services/processes/composition-root.ts';
import { setTimeout as delay } from 'node:timers/promises';
import { waitFor } from '../../services/platform/wait-for.ts';
import { uniqueId } from '../support/fixtures.ts';
import { customerEventsEnd, waitForProjected } from '../support/pipeline.ts';

const config = loadConfig({ ...process.env, INGEST_PORT: '18084', METRICS_PORT: '0', LOG_LEVEL: 'warn' });
const logger = createLogger('warn');
const writeKey = 'dev-write-key';
const authorization = `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
let product: RunningProduct;
let db: Db;
let kafka: Kafka;

before(async () => {
  product = await startProduct(config, logger, ['ingest', 'projector']);
  db = createDb(config.databaseUrl);
  kafka = createKafka(config.kafka.brokers, 'ingest-bodies-test', logger);
});

after(async () => {
  await db?.end();
  await product?.stop();
});

const post = (path: string, body: Buffer | string, headers: Record<string, string> = {}) =>
  fetch(`${product.ingestUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization, ...headers },
    body,
  });

const trackBatch = (customerId: string, ids: string[]) =>
  JSON.stringify({
    batch: ids.map((messageId) => ({
      type: 'track',
      messageId,
      userId: customerId,
      event: 'Product Viewed',
      properties: { product_id: 'p-1' },
    })),
  });

async function answerOf(response: Response) {
  return {
    status: response.status,
    body: (await response.json()) as { error: string; message?: string; issues?: { path: string; message: string }[] },
  };
}

describe('ingest request bodies', () => {
  it('accepts gzip and deflate bodies, as SDKs compress them', async () => {
    const customerId = uniqueId('compressed');
    const gzipped = [randomUUID(), randomUUID()];
    const deflated = [randomUUID()];
    assert.equal((await post('/v1/batch', gzipSync(trackBatch(customerId, gzipped)), { 'content-encoding': 'gzip' })).status, 200);
    assert.equal((await post('/v1/batch', deflateSync(trackBatch(customerId, deflated)), { 'content-encoding': 'deflate' })).status, 200);
    await waitForProjected(db, [...gzipped, ...deflated]);
  });

  it('refuses, writing nothing, a body that is not what its Content-Encoding says, an unknown encoding, bad UTF-8, and events nested too deep or too wide', async () => {
    const before = await customerEventsEnd(kafka);
    const plain = trackBatch(uniqueId('refused'), [randomUUID()]);

    const notGzip = await answerOf(await post('/v1/batch', plain, { 'content-encoding': 'gzip' }));
    assert.deepEqual(notGzip, {
      status: 400,
      body: { error: 'invalid_request', issues: [{ path: '(body)', message: 'the body is not gzip data, as its Content-Encoding says' }] },
    });

    const brotli = await post('/v1/batch', plain, { 'content-encoding': 'br' });
    assert.equal(brotli.status, 415);

    const latin1 = Buffer.concat([
      Buffer.from('{"userId":"c-1","event":"Product Viewed","properties":{"product_id":"caf'),
      Buffer.from([0xe9]),
      Buffer.from('"}}'),
    ]);
    const badUtf8 = await answerOf(await post('/v1/track', latin1));
    assert.deepEqual(badUtf8.body.issues, [{ path: '(body)', message: 'the body is not valid UTF-8' }]);

    // Written as text: even JSON.stringify cannot walk 5,000 levels.
    const deep = `${'{"next":'.repeat(5_000)}"bottom"${'}'.repeat(5_000)}`;
    const tooDeep = await answerOf(
      await post(
        '/v1/batch',
        `{"batch":[{"type":"track","userId":"c-1","event":"Product Viewed","properties":{"product_id":"p","deep":${deep}}}]}`,
      ),
    );
    assert.deepEqual(tooDeep, {
      status: 400,
      body: { error: 'invalid_request', issues: [{ path: 'batch.0', message: `nested deeper than ${MAX_NESTING_DEPTH} levels` }] },
    });

    const wide = Object.fromEntries(Array.from({ length: MAX_FIELDS_PER_EVENT + 1 }, (_, i) => [`f${i}`, 1]));
    const tooWide = await answerOf(
      await post('/v1/track', JSON.stringify({ userId: 'c-1', event: 'Product Viewed', properties: { product_id: 'p', ...wide } })),
    );
    assert.deepEqual(tooWide.body.issues, [{ path: '(body)', message: `more than ${MAX_FIELDS_PER_EVENT} fields` }]);

    assert.equal(await customerEventsEnd(kafka), before);
  });

  it("delivers every event of RudderStack's Node SDK, unchanged (it gzips its batches)", async () => {
    const customerId = uniqueId('rudder');
    const client = new Analytics(writeKey, { dataPlaneUrl: product.ingestUrl!, flushAt: 20, flushInterval: 200 });
    for (let index = 0; index < 45; index += 1) {
      client.track({ userId: customerId, event: 'Product Viewed', properties: { product_id: `p-${index}`, price: 19.9, currency: 'EUR' } });
    }
    await client.flush();
    const stored = async () =>
      (await db.query<{ n: number }>('select count(*)::int as n from events where customer_id = $1', [customerId])).rows[0]!.n;
    await waitFor(async () => ((await stored()) === 45 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'the 45 events in the event store',
    });
    // Nothing more arrives later (no event twice).
    await delay(500);
    assert.equal(await stored(), 45);
  });
});
