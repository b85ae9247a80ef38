/**
 * For a test file that drives journeys' activities against what producers send: the
 * product's ingest and projector on the local stack, on the file's own ingest port, with the
 * activities' dependencies beside them (database, Kafka, the mail and provider sinks).
 * Registers the file's before and after hooks; `env` adds to (or overrides) the environment.
 */
import { after, before } from 'node:test';
import { loadConfig } from '../../services/platform/config.ts';
import { createLogger } from '../../services/platform/logger.ts';
import { startProduct, type RunningProduct } from '../../services/processes/composition-root.ts';
import { createActivityDeps } from './activity-deps.ts';

export function ingestAndProjectorFor(name: string, env: Record<string, string> & { INGEST_PORT: string }) {
  const config = loadConfig({ ...process.env, METRICS_PORT: '0', LOG_LEVEL: 'warn', ...env });
  const deps = createActivityDeps(name, config);
  let product: RunningProduct | undefined;
  before(async () => {
    await deps.start();
    product = await startProduct(config, createLogger('warn'), ['ingest', 'projector']);
  });
  after(async () => {
    await product?.stop();
    await deps.stop();
  });
  return {
    config,
    deps,
    /** The running ingest API's base URL (known once `before` has run). */
    ingestUrl: () => product!.ingestUrl!,
  };
}
