/**
 * The product's processes on the local stack for one test file, with the clients its tests
 * look through: the activities' dependencies (database, Kafka, the mail and provider sinks)
 * and, where journeys run, Temporal. Every file that drives the product as a shop would began
 * with the same start-up and teardown; here it is once, so each file reads as its scenario.
 *
 * Registers the file's before and after hooks (a file's own `before` runs after these, its
 * root `after` once they are done: tear down in a `describe`'s `after`, which comes first).
 * `env` adds to (or overrides) the environment: each file names its own INGEST_PORT, and its
 * own task queue where it needs one.
 */
import { after, before } from 'node:test';
import type { Client } from '@temporalio/client';
import { createSegmentClient } from '../../services/cli/demo/segment-client.ts';
import { loadConfig } from '../../services/platform/config.ts';
import { createLogger } from '../../services/platform/logger.ts';
import { connectTemporal } from '../../services/platform/temporal/client.ts';
import { processNames, startProduct, type ProcessName, type RunningProduct } from '../../services/processes/composition-root.ts';
import { createActivityDeps } from './activity-deps.ts';

export function productOnTheStack(
  name: string,
  env: Record<string, string> & { INGEST_PORT: string },
  processes: readonly ProcessName[] = processNames,
) {
  const config = loadConfig({ ...process.env, METRICS_PORT: '0', LOG_LEVEL: 'warn', ...env });
  const logger = createLogger(config.logLevel);
  const deps = createActivityDeps(name, config);
  // Only a product that runs journeys gives the tests something to look at in Temporal.
  const runsJourneys = processes.includes('router') || processes.includes('worker');
  let product: RunningProduct | undefined;
  let temporal: Client | undefined;
  before(async () => {
    await deps.start();
    product = await startProduct(config, logger, processes);
    if (runsJourneys) temporal = await connectTemporal(config.temporal);
  });
  after(async () => {
    await temporal?.connection.close();
    await product?.stop();
    await deps.stop();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${name}: no ${what} before the file's before hooks have run`);
    return value;
  };
  const ingestUrl = () => started(started(product, 'product').ingestUrl, 'ingest API');
  return {
    config,
    logger,
    deps,
    /** The running product (known once `before` has run). */
    product: () => started(product, 'product'),
    /** The running ingest API's base URL (known once `before` has run). */
    ingestUrl,
    /** A Temporal client, where the router or the worker runs (known once `before` has run). */
    temporal: () => started(temporal, 'Temporal client'),
    /** The shop's side of the ingest API: Segment's Tracking API with the dev write key. */
    shop: () => createSegmentClient(ingestUrl(), 'dev-write-key'),
  };
}
