/**
 * The operators' view on the real Temporal dev server and PostgreSQL: customers per journey
 * step (with a send deferred by a frequency cap shown as such), one customer's story, and
 * the `journeys journey list` command itself. A task queue of the test's own keeps the
 * counts exact.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@temporalio/client';
import { signalCustomerEvents } from '../../services/processes/router/customer-signals.ts';
import { customerReport, scopeOf, type Scope } from '../../services/platform/operator-reports.ts';
import { formatCustomerReport, journeyReports } from '../../services/cli/operator-reports.ts';
import { loadConfig } from '../../services/platform/config.ts';
import { createDb } from '../../services/platform/db/pool.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { createLogger } from '../../services/platform/logger.ts';
import { startProduct, type RunningProduct } from '../../services/processes/composition-root.ts';
import { connectTemporal } from '../../services/platform/temporal/client.ts';
import { createShopper, customerEvent, recordEarlierSends, uniqueId } from '../support/fixtures.ts';

// Ten minutes of journey time per second: the first reminder comes after 3 s, the second after 144 s.
const TIME_SCALE = 1 / 600;
const env = {
  TEMPORAL_TASK_QUEUE: uniqueId('operator-reports'),
  JOURNEY_TIME_SCALE: String(TIME_SCALE),
  METRICS_PORT: '0',
  LOG_LEVEL: 'warn',
};
const config = loadConfig({ ...process.env, ...env });
const db = createDb(config.databaseUrl);
let worker: RunningProduct;
let temporal: Client;
let scope: Scope;

before(async () => {
  worker = await startProduct(config, createLogger('warn'), ['worker']);
  temporal = await connectTemporal(config.temporal);
  scope = scopeOf(config, { temporal, db });
});
after(async () => {
  // Customer workflows never end by themselves, and the journeys would go on: all were the test's.
  if (temporal) {
    for await (const workflow of temporal.workflow.list({
      query: `TaskQueue = "${config.temporal.taskQueue}" AND ExecutionStatus = "Running"`,
    })) {
      await temporal.workflow
        .getHandle(workflow.workflowId)
        .terminate('test over')
        .catch(() => undefined);
    }
  }
  await temporal?.connection.close();
  await worker?.stop();
  await db.end();
});

/** As the router does: the customer's events to their workflow, which starts the journey. */
async function abandonCart(customerId: string) {
  const checkout = customerEvent(customerId, 'Checkout Started', { cart_id: uniqueId('cart'), value: { amount: 5000, currency: 'EUR' } });
  await signalCustomerEvents(temporal, config.temporal.taskQueue, customerId, [checkout]);
}

describe('operator reports', () => {
  it("counts customers per journey step, shows a capped send as deferred, and tells one customer's story", async () => {
    const reminded = [await createShopper(db, { consent: true }), await createShopper(db, { consent: true })];
    const capped = await createShopper(db, { consent: true });
    // Two emails from another journey 18 hours ago (journey time): the email cap (2 a day)
    // defers the reminder by ~6 hours (~36 s), within its 12-hour deadline.
    const earlier = new Date(Date.now() - 18 * 3_600_000 * TIME_SCALE);
    await recordEarlierSends(db, capped.customerId, 'email', [earlier, earlier]);
    for (const shopper of [...reminded, capped]) await abandonCart(shopper.customerId);

    const cart = await waitFor(
      async () => {
        const report = (await journeyReports(scope)).find((journey) => journey.journeyId === 'cart-abandonment');
        const counts = Object.fromEntries(report?.steps.map((step) => [step.step, step.customers]) ?? []);
        return counts['reminder-1'] === 2 && counts['reminder-1:deferred'] === 1 ? report : undefined;
      },
      { timeoutMs: 30_000, what: 'two customers past reminder-1 and one deferred' },
    );
    assert.equal(cart.running, 3);
    assert.equal(cart.state, 'active');
    const deferred = cart.steps.find((step) => step.step === 'reminder-1:deferred')!;
    assert.match(
      decodeURIComponent(deferred.webUiUrl),
      /JourneyName = "cart-abandonment" AND TaskQueue = ".*" AND JourneyStep = "reminder-1:deferred"/,
    );

    const story = await customerReport(scope, capped.customerId);
    assert.equal(story.workflow?.lifecycleStage, 'conversion');
    assert.equal(story.workflow.activeJourneys.length, 1);
    assert.deepEqual(story.workflow.journeyEntries['cart-abandonment']?.count, 1);
    assert.deepEqual(
      story.consent.map((row) => [row.channel, row.granted]),
      [['email', true]],
    );
    assert.deepEqual(
      story.messages.map((message) => [message.journeyId, message.status]),
      [
        ['earlier-journey', 'sent'],
        ['earlier-journey', 'sent'],
      ],
    );
    const text = formatCustomerReport(story);
    assert.match(text, /stage {8}conversion/);
    assert.match(text, /consent {6}email\/marketing granted/);

    const unknown = await customerReport(scope, uniqueId('nobody'));
    assert.equal(unknown.workflow, null);
  });

  it('`journeys journey list` prints the counts', async () => {
    const cli = fileURLToPath(new URL('../../bin/journeys.js', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'journey', 'list'], { env: { ...process.env, ...env } });
    assert.match(stdout, /^cart-abandonment \(active\): 3 customers in the journey$/m);
    // The deferred reminder may have gone by now: reminder-1 counts 2 or 3.
    assert.match(stdout, /^ {2}reminder-1 +[23] {2}http:\/\/127\.0\.0\.1:\d+\/namespaces\/default\/workflows\?query=/m);
    assert.match(stdout, /^welcome \(active\): 0 customers in the journey$/m);
  });
});
