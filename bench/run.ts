/**
 * `npm run bench`: the pipeline's benchmark on the local stack. Each part runs BENCH_RUNS
 * times (3 by default); the table shows each figure's median with the spread (min–max),
 * after the machine's load average before each run. A router or baseline run whose
 * consumer lost its group membership (and so read batches twice) is void and left out.
 * Settings come from the environment (BENCH_*), defaults below; bench/README.md has the
 * figures reached and what limits them.
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../services/platform/config.ts';
import { createKafka } from '../services/platform/kafka/client.ts';
import { createLogger } from '../services/platform/logger.ts';
import { createBenchTopic, deleteBenchTopics } from './bench-kafka.ts';
import { formatSummary, summarize } from './cpu-profile.ts';
import { benchIngest, type IngestResult } from './ingest.ts';
import { benchBaseline, benchEndToEnd, benchRouter, type LatencyResult, type ThroughputResult } from './router.ts';
import { median, spread } from './stats.ts';
import { ensureBenchNamespace, deleteBenchNamespace } from './temporal-namespace.ts';

const setting = (name: string, fallback: number) => Number(process.env[`BENCH_${name}`] ?? fallback);
const settings = {
  runs: setting('RUNS', 3),
  parts: new Set((process.env.BENCH_PARTS ?? 'ingest,router,e2e').split(',')),
  ingestConnections: setting('INGEST_CONNECTIONS', 32),
  ingestBatch: setting('INGEST_BATCH', 100),
  ingestSeconds: setting('INGEST_SECONDS', 15),
  /** A directory for a V8 CPU profile of the ingest process's first run, summarised at the end. */
  ingestProfile: process.env.BENCH_INGEST_PROFILE,
  customers: setting('CUSTOMERS', 2_000),
  eventsPerCustomer: setting('EVENTS_PER_CUSTOMER', 10),
  e2eRate: setting('E2E_RATE', 500),
  e2eSeconds: setting('E2E_SECONDS', 10),
  e2eCustomers: setting('E2E_CUSTOMERS', 500),
};

const config = loadConfig({ ...process.env, METRICS_PORT: '0' });
const logger = createLogger('warn');
const kafka = createKafka(config.kafka.brokers, 'bench', logger);
const benchId = Date.now().toString(36);
// Per benchmark: a deleted namespace's name stays taken until the server has cleaned it up.
const namespace = `journeys-bench-${benchId}`;
const taskQueue = 'journeys-bench';
const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);
/**
 * How busy the machine is before a run: the load average (which trails the previous run
 * by minutes) and the share of CPU time used by anything in the last 3 seconds.
 */
async function load(): Promise<string> {
  const busy = () => cpus().reduce((sum, cpu) => sum + cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq, 0);
  const total = () => cpus().reduce((sum, cpu) => sum + Object.values(cpu.times).reduce((a, b) => a + b, 0), 0);
  const [busyBefore, totalBefore] = [busy(), total()];
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const share = (busy() - busyBefore) / (total() - totalBefore);
  const average = loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ');
  return `load average ${average}, CPU ${Math.round(share * 100)}% busy`;
}

interface RunResult {
  load: string;
  ingest?: IngestResult;
  baseline?: ThroughputResult;
  router?: ThroughputResult;
  e2e?: LatencyResult;
}

async function benchRun(run: number, temporal: Client): Promise<RunResult> {
  const topicNames = ['ingest', 'router', 'baseline', 'e2e'].map((part) => `bench.${benchId}.${run}.${part}`);
  const [ingestTopic, routerTopic, baselineTopic, e2eTopic] = topicNames as [string, string, string, string];
  const result: RunResult = { load: await load() };
  say(`run ${run}/${settings.runs}: ${result.load}`);
  for (const topic of topicNames) await createBenchTopic(kafka, topic);
  try {
    const deps = { kafka, temporal, logger, taskQueue };
    const stream = { customers: settings.customers, eventsPerCustomer: settings.eventsPerCustomer };
    if (settings.parts.has('ingest')) {
      say(
        `  ingest: ${settings.ingestConnections} connections, batches of ${settings.ingestBatch}, ${settings.ingestSeconds} s after 3 s of warm-up`,
      );
      const profileDir = run === 1 && settings.ingestProfile ? settings.ingestProfile : undefined;
      if (profileDir) mkdirSync(profileDir, { recursive: true });
      result.ingest = await benchIngest({
        topic: ingestTopic,
        port: setting('INGEST_PORT', 18090),
        writeKey: [...config.ingest.writeKeys][0]!,
        connections: settings.ingestConnections,
        eventsPerBatch: settings.ingestBatch,
        warmupMs: 3_000,
        measureMs: settings.ingestSeconds * 1000,
        profileDir,
      });
    }
    if (settings.parts.has('router')) {
      say(`  baseline: ${stream.customers} customers x ${stream.eventsPerCustomer} events`);
      result.baseline = await benchBaseline(deps, baselineTopic, stream);
      say('  router: the same stream');
      result.router = await benchRouter(deps, routerTopic, stream);
      for (const [name, figure] of [
        ['baseline', result.baseline],
        ['router', result.router],
      ] as const) {
        if (figure.groupJoins !== 1) say(`  ${name}: void, its consumer joined the group ${figure.groupJoins} times (batches read again)`);
      }
    }
    if (settings.parts.has('e2e')) {
      say(`  end-to-end: ${settings.e2eRate} events/s for ${settings.e2eSeconds} s`);
      result.e2e = await benchEndToEnd(deps, e2eTopic, {
        rate: settings.e2eRate,
        seconds: settings.e2eSeconds,
        customers: settings.e2eCustomers,
      });
    }
  } finally {
    await deleteBenchTopics(kafka, topicNames).catch((error: unknown) => say(`could not delete the bench topics: ${String(error)}`));
  }
  return result;
}

/** One table row per measure: the median of the runs that count, with the spread. */
function table(runs: RunResult[]): string[][] {
  const rows: string[][] = [];
  const n = (value: number) => Math.round(value).toLocaleString('en');
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const of = <T>(pick: (run: RunResult) => T | undefined) => runs.map(pick).filter((value): value is T => value !== undefined);
  const counted = (values: number[], unit: (value: number) => string) =>
    `${unit(median(values))} (${spread(values).map(unit).join(' – ')})`;

  const ingest = of((run) => run.ingest);
  if (ingest.length > 0) {
    rows.push([
      'HTTP ingest (/v1/batch, acks=all)',
      counted(
        ingest.map((r) => r.eventsPerSecond),
        (v) => `${n(v)} events/s`,
      ),
      `batch p99 ${counted(
        ingest.map((r) => r.p99Ms),
        ms,
      )}; ${ingest.reduce((sum, r) => sum + r.failed, 0)} failed`,
    ]);
  }
  // Both figures of a run count only if both consumers kept their membership.
  const pairs = of((run) => (run.baseline && run.router ? { baseline: run.baseline, router: run.router } : undefined));
  const valid = pairs.filter(({ baseline, router }) => baseline.groupJoins === 1 && router.groupJoins === 1);
  if (pairs.length > 0) {
    const voided = pairs.length - valid.length;
    const note = voided > 0 ? `; ${voided} of ${pairs.length} runs void (group rejoined)` : '';
    if (valid.length === 0) rows.push(['Router vs baseline', 'void', `every run lost its group membership${note}`]);
    else {
      rows.push([
        'Bare baseline (signal per event)',
        counted(
          valid.map((p) => p.baseline.eventsPerSecond),
          (v) => `${n(v)} events/s`,
        ),
        `${n(median(valid.map((p) => p.baseline.events)))} distinct events, ${n(median(valid.map((p) => p.baseline.signals)))} signals${note}`,
      ]);
      rows.push([
        'Router (signal per customer per batch)',
        counted(
          valid.map((p) => p.router.eventsPerSecond),
          (v) => `${n(v)} events/s`,
        ),
        `${counted(
          valid.map((p) => p.router.eventsPerSecond / p.baseline.eventsPerSecond),
          (v) => `${v.toFixed(2)}x`,
        )} the baseline; ${n(median(valid.map((p) => p.router.signals)))} signals`,
      ]);
    }
  }
  const e2e = of((run) => run.e2e);
  if (e2e.length > 0) {
    rows.push([
      'End to end (produce → signal accepted)',
      `${n(median(e2e.map((r) => r.rate)))} events/s offered`,
      `p50 ${counted(
        e2e.map((r) => r.p50Ms),
        ms,
      )}, p99 ${counted(
        e2e.map((r) => r.p99Ms),
        ms,
      )}`,
    ]);
  }
  return rows;
}

const connection = await Connection.connect({ address: config.temporal.address });
const temporal = new Client({ connection, namespace });
try {
  await ensureBenchNamespace(connection, namespace);
  const runs: RunResult[] = [];
  for (let run = 1; run <= settings.runs; run += 1) runs.push(await benchRun(run, temporal));

  const rows = table(runs);
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => row[c]!.length), 8));
  const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  process.stdout.write(
    `\n${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ` +
      `${settings.runs} runs; before each (load average over 1 / 5 / 15 min; CPU in the last 3 s): ${runs.map((run) => run.load).join('; ')}\n` +
      'Figures: median of the runs (min – max).\n\n',
  );
  process.stdout.write(
    `${line(['Measure', 'Throughput', 'Detail'])}\n${line(widths.map((w) => '-'.repeat(w)))}\n${rows.map(line).join('\n')}\n`,
  );
  if (settings.ingestProfile) {
    // tsx's loader thread writes a small profile of its own: the process's main thread is the largest.
    const file = readdirSync(settings.ingestProfile)
      .filter((name) => name.endsWith('.cpuprofile'))
      .map((name) => ({ name, size: statSync(join(settings.ingestProfile!, name)).size }))
      .sort((a, b) => a.size - b.size)
      .at(-1)?.name;
    if (file) {
      const profile = JSON.parse(readFileSync(join(settings.ingestProfile, file), 'utf8')) as Parameters<typeof summarize>[0];
      process.stdout.write(`\nIngest CPU profile (run 1, ${file}):\n${formatSummary(summarize(profile))}\n`);
    }
  }
} finally {
  await deleteBenchNamespace(connection, namespace).catch((error: unknown) =>
    say(`could not delete the bench namespace: ${String(error)}`),
  );
  await connection.close();
}
