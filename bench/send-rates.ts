/**
 * `npm run bench:send-rates`: does a channel's send rate hold? Cart-abandonment journeys
 * (time scaled so their three reminders are due at once) send email through the real
 * activities and workers, first with the email rate set to BENCH_SEND_RATE per second, then
 * unlimited in practice, on a Temporal namespace of the bench's own. Prints the sends per
 * second reached and the most sends started in any one second.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { journeyWorkflowId } from '../schemas/names.ts';
import { loadConfig } from '../services/platform/config.ts';
import { installTemporalRuntime } from '../services/platform/temporal/runtime.ts';
import { createWorkers } from '../services/processes/worker/worker.ts';
import { createActivityDeps, unlimited } from '../test/support/activity-deps.ts';
import { createShopper, customerEvent } from '../test/support/fixtures.ts';
import { perSecond } from './stats.ts';
import { deleteBenchNamespace, ensureBenchNamespace } from './temporal-namespace.ts';

const setting = (name: string, fallback: number) => Number(process.env[`BENCH_${name}`] ?? fallback);
const rate = setting('SEND_RATE', 5);
const sends = setting('SENDS', 90);
const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const config = loadConfig({ ...process.env, METRICS_PORT: '0' });
const namespace = `journeys-bench-rates-${Date.now().toString(36)}`;
const connection = await Connection.connect({ address: config.temporal.address });
const deps = createActivityDeps('bench-send-rates', config);
installTemporalRuntime();
const workerConnection = await NativeConnection.connect({ address: config.temporal.address });

/** Starts of sendEmail activities (ms), as the worker ran them. */
async function run(emailRate: number): Promise<number[]> {
  const taskQueue = `bench-rates-${randomUUID().slice(0, 8)}`;
  const starts: number[] = [];
  const real = deps.activities({ policy: unlimited });
  const workers = await createWorkers({
    connection: workerConnection,
    namespace,
    taskQueue,
    sendRates: { ...config.sendRates, email: emailRate },
    // The cart journey's waits take microseconds: only the send rate holds the sends back.
    journeyTimeScale: 1e-6,
    activities: {
      ...real,
      sendEmail(request: Parameters<typeof real.sendEmail>[0]) {
        starts.push(Date.now());
        return real.sendEmail(request);
      },
    },
  });
  const running = workers.run();
  const client = new Client({ connection, namespace });
  const journeys = Math.ceil(sends / 3);
  const handles = [];
  for (let i = 0; i < journeys; i += 1) {
    const shopper = await createShopper(deps.db, { consent: true });
    const cart = `cart-${i}`;
    const trigger = customerEvent(shopper.customerId, 'Checkout Started', { cart_id: cart, value: { amount: 5000, currency: 'USD' } });
    handles.push(
      await client.workflow.start('cartAbandonmentWorkflow', {
        taskQueue,
        workflowId: journeyWorkflowId('cart-abandonment', shopper.customerId, cart),
        // 3 days become 0.26 s: every reminder is due almost at once.
        args: [{ customerId: shopper.customerId, trigger }],
      }),
    );
  }
  await Promise.all(handles.map((handle) => handle.result()));
  workers.shutdown();
  await running;
  return starts.sort((a, b) => a - b);
}

function report(label: string, starts: number[]) {
  const spanMs = (starts.at(-1) ?? 0) - (starts[0] ?? 0);
  let busiest = 0;
  for (let i = 0, j = 0; i < starts.length; i += 1) {
    while (starts[i]! - starts[j]! >= 1000) j += 1;
    busiest = Math.max(busiest, i - j + 1);
  }
  say(
    `${label}: ${starts.length} sends in ${(spanMs / 1000).toFixed(1)} s = ${perSecond(starts.length - 1, spanMs)}/s; most started in any 1 s: ${busiest}`,
  );
}

try {
  await deps.start();
  await ensureBenchNamespace(connection, namespace);
  say(`${sends} emails from ${Math.ceil(sends / 3)} journeys, email rate ${rate}/s, then 1000/s`);
  report(`email rate ${rate}/s`, await run(rate));
  report('email rate 1000/s', await run(1000));
} finally {
  await deleteBenchNamespace(connection, namespace).catch(() => undefined);
  await deps.stop();
  await workerConnection.close();
  await connection.close();
}
