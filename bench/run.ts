/**
 * `npm run bench`: the pipeline's benchmark on the local stack, in one run, printing a
 * table. Settings come from the environment (BENCH_*), defaults below; see bench/README.md
 * for the figures reached and what limits them.
 */
import { cpus, totalmem } from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../services/platform/config.ts';
import { createKafka } from '../services/platform/kafka/client.ts';
import { createLogger } from '../services/platform/logger.ts';
import { createBenchTopic, deleteBenchTopics } from './bench-kafka.ts';
import { benchIngest } from './ingest.ts';
import { benchBaseline, benchEndToEnd, benchRouter } from './router.ts';
import { ensureBenchNamespace, deleteBenchNamespace } from './temporal-namespace.ts';

const setting = (name: string, fallback: number) => Number(process.env[`BENCH_${name}`] ?? fallback);
const settings = {
  ingestConnections: setting('INGEST_CONNECTIONS', 32),
  ingestBatch: setting('INGEST_BATCH', 100),
  ingestSeconds: setting('INGEST_SECONDS', 15),
  customers: setting('CUSTOMERS', 2_000),
  eventsPerCustomer: setting('EVENTS_PER_CUSTOMER', 10),
  e2eRate: setting('E2E_RATE', 500),
  e2eSeconds: setting('E2E_SECONDS', 10),
  e2eCustomers: setting('E2E_CUSTOMERS', 500),
};

const config = loadConfig({ ...process.env, METRICS_PORT: '0' });
const logger = createLogger('warn');
const kafka = createKafka(config.kafka.brokers, 'bench', logger);
const runId = Date.now().toString(36);
// Per run: a deleted namespace's name stays taken until the server has cleaned it up.
const namespace = `journeys-bench-${runId}`;
const taskQueue = 'journeys-bench';
const topicNames = ['ingest', 'router', 'baseline', 'e2e'].map((part) => `bench.${runId}.${part}`);
const [ingestTopic, routerTopic, baselineTopic, e2eTopic] = topicNames as [string, string, string, string];
const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const connection = await Connection.connect({ address: config.temporal.address });
const temporal = new Client({ connection, namespace });
try {
  await ensureBenchNamespace(connection, namespace);
  for (const topic of topicNames) await createBenchTopic(kafka, topic);
  const deps = { kafka, temporal, logger, taskQueue };
  const stream = { customers: settings.customers, eventsPerCustomer: settings.eventsPerCustomer };

  say(
    `ingest: ${settings.ingestConnections} connections, batches of ${settings.ingestBatch}, ${settings.ingestSeconds} s after 3 s of warm-up`,
  );
  const ingest = await benchIngest({
    topic: ingestTopic,
    port: setting('INGEST_PORT', 18090),
    writeKey: [...config.ingest.writeKeys][0]!,
    connections: settings.ingestConnections,
    eventsPerBatch: settings.ingestBatch,
    warmupMs: 3_000,
    measureMs: settings.ingestSeconds * 1000,
  });
  say(`baseline: ${stream.customers} customers x ${stream.eventsPerCustomer} events`);
  const baseline = await benchBaseline(deps, baselineTopic, stream);
  say('router: the same stream');
  const router = await benchRouter(deps, routerTopic, stream);
  say(`end-to-end: ${settings.e2eRate} events/s for ${settings.e2eSeconds} s`);
  const e2e = await benchEndToEnd(deps, e2eTopic, {
    rate: settings.e2eRate,
    seconds: settings.e2eSeconds,
    customers: settings.e2eCustomers,
  });

  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const rows = [
    [
      'HTTP ingest (/v1/batch, acks=all)',
      `${ingest.eventsPerSecond.toLocaleString('en')} events/s`,
      `p50 ${ms(ingest.p50Ms)}, p99 ${ms(ingest.p99Ms)} per batch of ${settings.ingestBatch}; ${ingest.failed} failed`,
    ],
    [
      'Bare baseline (signal per event)',
      `${baseline.eventsPerSecond.toLocaleString('en')} events/s`,
      `${baseline.signals.toLocaleString('en')} signals in ${(baseline.ms / 1000).toFixed(1)} s`,
    ],
    [
      'Router (signal per customer per batch)',
      `${router.eventsPerSecond.toLocaleString('en')} events/s`,
      `${router.signals.toLocaleString('en')} signals in ${(router.ms / 1000).toFixed(1)} s; ${(router.eventsPerSecond / baseline.eventsPerSecond).toFixed(2)}x the baseline`,
    ],
    [
      'End to end (produce → signal accepted)',
      `${e2e.rate.toLocaleString('en')} events/s offered`,
      `p50 ${ms(e2e.p50Ms)}, p99 ${ms(e2e.p99Ms)}; ${e2e.signals.toLocaleString('en')} signals, RPC p50 ${ms(e2e.rpcP50Ms)}, p99 ${ms(e2e.rpcP99Ms)}`,
    ],
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => row[c]!.length), 8));
  const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  process.stdout.write(
    `\n${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n\n`,
  );
  process.stdout.write(
    `${line(['Measure', 'Throughput', 'Detail'])}\n${line(widths.map((w) => '-'.repeat(w)))}\n${rows.map(line).join('\n')}\n`,
  );
} finally {
  await deleteBenchNamespace(connection, namespace).catch((error: unknown) =>
    say(`could not delete the bench namespace: ${String(error)}`),
  );
  await deleteBenchTopics(kafka, topicNames).catch((error: unknown) => say(`could not delete the bench topics: ${String(error)}`));
  await connection.close();
}
