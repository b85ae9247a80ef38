/**
 * Kafka, Temporal and PostgreSQL restarted one at a time while a shop keeps sending: the
 * product's processes reconnect by themselves, ingest answers 503 with Retry-After while
 * Kafka is down (and the shop retries, as Segment's clients do), and in the end every
 * accepted event is in the event store and applied once by its customer's workflow.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@temporalio/client';
import { customerWorkflowId, getCustomerStateQuery } from '../../schemas/names.ts';
import { loadConfig } from '../../services/platform/config.ts';
import { createDb, type Db } from '../../services/platform/db/pool.ts';
import { createSegmentClient, type SegmentClient } from '../../services/cli/demo/segment-client.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { createLogger } from '../../services/platform/logger.ts';
import { processNames, startProduct, type RunningProduct } from '../../services/processes/composition-root.ts';
import { connectTemporal } from '../../services/platform/temporal/client.ts';
import { uniqueId } from '../support/fixtures.ts';
import { waitForProjected } from '../support/pipeline.ts';

const config = loadConfig({ ...process.env, INGEST_PORT: '18084', METRICS_PORT: '0', LOG_LEVEL: 'error' });
const infraDir = fileURLToPath(new URL('../../infra/', import.meta.url));
const customers = Array.from({ length: 20 }, () => uniqueId('restart'));
let product: RunningProduct;
let shop: SegmentClient;
let temporal: Client;
let db: Db;
let load: ReturnType<typeof startShop> | undefined;

const infra = (script: string, action: string) => promisify(execFile)('bash', [`${infraDir}${script}.sh`, action]);

before(async () => {
  product = await startProduct(config, createLogger('error'), processNames);
  shop = createSegmentClient(product.ingestUrl!, 'dev-write-key');
  temporal = await connectTemporal(config.temporal);
  db = createDb(config.databaseUrl);
});

after(async () => {
  // Whatever happened above, leave the stack running for the tests after this one.
  await infra('stack', 'up');
  await load?.stop();
  await db?.end();
  await temporal?.connection.close();
  await product?.stop();
});

/** A shop's backend: batches of identify calls, retried after Retry-After on 503. */
function startShop() {
  const accepted = new Map<string, string[]>(customers.map((id) => [id, []]));
  const seen = { accepted: 0, unavailable: 0, missingRetryAfter: 0, other: [] as string[] };
  let running = true;
  const done = (async () => {
    while (running) {
      const batch = Array.from({ length: 25 }, (_, i) => ({
        type: 'identify',
        userId: customers[i % customers.length],
        messageId: randomUUID(),
        traits: { locale: 'en-US' },
      }));
      for (;;) {
        const response = await shop.post('/v1/batch', { batch });
        if (response.status === 200) break;
        await response.body?.cancel();
        if (response.status !== 503) {
          seen.other.push(`${response.status}`);
          break;
        }
        seen.unavailable += 1;
        const retryAfter = Number(response.headers.get('retry-after'));
        if (!(retryAfter > 0)) seen.missingRetryAfter += 1;
        await delay(Math.min(retryAfter || 1, 5) * 1000);
      }
      for (const call of batch) accepted.get(call.userId!)!.push(call.messageId);
      seen.accepted += batch.length;
      await delay(100);
    }
  })();
  return {
    seen,
    async stop() {
      running = false;
      await done;
      return accepted;
    },
  };
}

/** Waits until the shop has had five more batches accepted: ingest and Kafka work again. */
async function flowing(shop: ReturnType<typeof startShop>) {
  const start = shop.seen.accepted;
  // eslint-disable-next-line @typescript-eslint/require-await -- waitFor polls async checks
  await waitFor(async () => (shop.seen.accepted >= start + 5 * 25 ? true : undefined), {
    timeoutMs: 120_000,
    what: 'events accepted again',
  });
}

describe('server restarts under load', () => {
  it('Kafka, Temporal and PostgreSQL restarted one at a time: nothing lost, nothing applied twice', async (t) => {
    const shopLoad = startShop();
    load = shopLoad;
    await flowing(shopLoad);

    // Kafka down: ingest must refuse what it cannot store, and say when to come back.
    await infra('kafka', 'stop');
    // (A customer of its own: a producer that got 503 may find its event stored later, which
    // its retry with the same messageId makes harmless; the counts below must not include it.)
    const refused = await shop.identify({ userId: uniqueId('probe'), traits: { locale: 'en-GB' } });
    assert.equal(refused.status, 503);
    assert.ok(Number(refused.headers.get('retry-after')) > 0, 'Retry-After on 503');
    await infra('kafka', 'start');
    await flowing(shopLoad);

    // Temporal and PostgreSQL down: ingest goes on (Kafka holds the events), the router and
    // the projector wait and retry.
    for (const server of ['temporal', 'postgres']) {
      await infra(server, 'stop');
      await delay(3000);
      await infra(server, 'start');
      await flowing(shopLoad);
    }

    const accepted = await shopLoad.stop();
    assert.deepEqual(load.seen.other, [], 'no answer other than 200 and 503');
    assert.equal(load.seen.missingRetryAfter, 0);
    const allIds = [...accepted.values()].flat();
    t.diagnostic(`${allIds.length} events accepted; ${load.seen.unavailable} answers 503 while Kafka was down`);

    await waitForProjected(db, allIds, 180_000);
    const applied = await waitFor(
      async () => {
        const states = await Promise.all(
          customers.map((id) => temporal.workflow.getHandle(customerWorkflowId(id)).query(getCustomerStateQuery)),
        );
        const counts = states.map((state) => state.eventsApplied);
        return counts.every((count, i) => count >= accepted.get(customers[i]!)!.length) ? counts : undefined;
      },
      { timeoutMs: 180_000, what: 'every accepted event applied by its workflow' },
    );
    assert.deepEqual(
      applied,
      customers.map((id) => accepted.get(id)!.length),
    );
  });
});
