/**
 * 1. HTTP ingest: Segment batches of 100 track calls posted by many concurrent connections
 * (as a fleet of shop backends would) to the ingest API running in its own process; an
 * answer counts only once Kafka acknowledged every event (acks=all), as in production.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { percentile, perSecond } from './stats.ts';

export interface IngestSettings {
  topic: string;
  port: number;
  writeKey: string;
  connections: number;
  eventsPerBatch: number;
  warmupMs: number;
  measureMs: number;
  /** Where the ingest process writes a V8 CPU profile of its run (node --cpu-prof); none if unset. */
  profileDir?: string | undefined;
}

export interface IngestResult {
  eventsPerSecond: number;
  requests: number;
  events: number;
  failed: number;
  p50Ms: number;
  p99Ms: number;
}

const serverScript = fileURLToPath(new URL('./ingest-server.ts', import.meta.url));

/** One Segment batch of product views, ids fresh per event (~330 bytes per event). */
function batchBody(size: number): string {
  const now = new Date().toISOString();
  const calls = Array.from({ length: size }, (_, i) =>
    JSON.stringify({
      type: 'track',
      event: 'Product Viewed',
      userId: `bench-${Math.floor(Math.random() * 100_000)}`,
      messageId: randomUUID(),
      timestamp: now,
      properties: {
        product_id: `sku-${i}`,
        name: 'Linen shirt',
        category: 'Shirts',
        price: 49.9,
        currency: 'EUR',
        url: 'https://shop.example/p/linen-shirt',
      },
    }),
  );
  return `{"batch":[${calls.join(',')}]}`;
}

export async function benchIngest(settings: IngestSettings): Promise<IngestResult> {
  const profiling = settings.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${settings.profileDir}`] : [];
  const server = spawn(process.execPath, [...profiling, '--import', 'tsx', serverScript], {
    env: { ...process.env, BENCH_TOPIC: settings.topic, BENCH_PORT: String(settings.port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await once(server.stdout, 'data');
    const agent = new Agent({ keepAlive: true, maxSockets: settings.connections });
    const authorization = `Basic ${Buffer.from(`${settings.writeKey}:`).toString('base64')}`;
    const post = (body: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: settings.port,
            path: '/v1/batch',
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', authorization, 'content-length': Buffer.byteLength(body) },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(body);
      });

    const start = performance.now();
    const measureFrom = start + settings.warmupMs;
    const end = measureFrom + settings.measureMs;
    const latencies: number[] = [];
    let measuredRequests = 0;
    let failed = 0;
    const connection = async () => {
      for (;;) {
        const body = batchBody(settings.eventsPerBatch);
        const sent = performance.now();
        if (sent >= end) return;
        const status = await post(body);
        const answered = performance.now();
        if (status !== 200) failed += 1;
        // A request counts toward the window it was answered in, the last ones included.
        if (sent >= measureFrom && answered <= end) {
          measuredRequests += 1;
          latencies.push(answered - sent);
        }
      }
    };
    await Promise.all(Array.from({ length: settings.connections }, connection));
    agent.destroy();
    const events = measuredRequests * settings.eventsPerBatch;
    return {
      eventsPerSecond: perSecond(events, settings.measureMs),
      requests: measuredRequests,
      events,
      failed,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
    };
  } finally {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
}
