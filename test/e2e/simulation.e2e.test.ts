/**
 * The store simulator on the real stack: a few hundred customers of the simulated shop go
 * through the ingest API, the projector, the nightly recompute and segments, the router and
 * the worker, with journey time 2880x faster (a day in 30 s), and every shipped journey
 * sends at least once (the message ledger says so). The same run the demo shows.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { simulateAgainst } from '../../services/cli/simulate/run-simulation.ts';
import { loadConfig } from '../../services/platform/config.ts';
import { createLogger } from '../../services/platform/logger.ts';
import { processNames, startProduct, type RunningProduct } from '../../services/processes/composition-root.ts';

const config = loadConfig({
  ...process.env,
  JOURNEY_TIME_SCALE: String(1 / 2880),
  INGEST_PORT: '18097',
  METRICS_PORT: '0',
  LOG_LEVEL: 'error',
  // The suite's shop currency (not the demo's euros): later tests rebuild the projections of
  // everything in the log, these orders among them, and convert them with the same rates.
});
const logger = createLogger('error');
let product: RunningProduct;

before(async () => {
  product = await startProduct(config, logger, processNames);
});
after(() => product?.stop());

describe('the store simulator', () => {
  it('makes every shipped journey send at least once', { timeout: 20 * 60_000 }, async () => {
    const lines: string[] = [];
    const silent = await simulateAgainst(product, config, logger, {
      customers: 300,
      timeoutMs: 12 * 60_000,
      say: (line) => lines.push(line),
    });
    assert.deepEqual(silent, [], lines.join('\n'));
    assert.ok(
      lines.some((line) => /^ {2}cart-abandonment +\d+ sent/.test(line)),
      lines.join('\n'),
    );
  });
});
