/**
 * The ingest API as the benchmark runs it: the product's server in a process of its own,
 * writing to the benchmark's topic. BENCH_TOPIC and BENCH_PORT come from bench/ingest.ts.
 */
import { loadConfig } from '../services/platform/config.ts';
import { createIngestApp } from '../services/processes/ingest/http-api.ts';
import { createKafka, createProducer } from '../services/platform/kafka/client.ts';
import { createLogger } from '../services/platform/logger.ts';
import { untilSignalled } from '../services/platform/shutdown.ts';
import { startTelemetry } from '../services/platform/telemetry/telemetry.ts';

const config = loadConfig({ ...process.env, METRICS_PORT: '0' });
const logger = createLogger('warn');
const producer = createProducer(createKafka(config.kafka.brokers, 'bench-ingest', logger));
await producer.connect();
// Metrics are recorded as in production; only the scrape endpoint is off.
const { tracer, metrics, shutdown } = startTelemetry({ serviceName: 'bench-ingest', metricsPort: 0 });
const app = await createIngestApp({
  producer,
  writeKeys: config.ingest.writeKeys,
  logger,
  tracer,
  metrics,
  topic: process.env.BENCH_TOPIC!,
});
await app.listen({ port: Number(process.env.BENCH_PORT), host: '127.0.0.1' });
process.stdout.write('listening\n');
await untilSignalled();
await app.close();
await producer.disconnect();
await shutdown();
