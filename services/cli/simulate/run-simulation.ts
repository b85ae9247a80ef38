/**
 * `journeys simulate`: the product on the local stack, and a simulated store's customers
 * through it (simulation.ts), until each journey has sent; then what each journey did.
 * Exits 1 naming the journeys that sent nothing in the time given.
 */
import type { Config } from '../../platform/config.ts';
import type { Logger } from '../../platform/logger.ts';
import { processNames, startProduct, type RunningProduct } from '../../processes/composition-root.ts';
import { withDb, withEventLog } from '../connections.ts';
import { createMailSinkClient } from '../demo/mail-sink-client.ts';
import { createSegmentClient } from '../demo/segment-client.ts';
import { formatOutcomes, simulateStore } from './simulation.ts';

const print = (line: string) => process.stdout.write(`${line}\n`);

/** Runs the simulation against a running product; returns the journeys that sent nothing. */
export async function simulateAgainst(
  product: RunningProduct,
  config: Config,
  logger: Logger,
  options: { customers: number; timeoutMs: number; say?: (line: string) => void },
): Promise<string[]> {
  const say = options.say ?? print;
  return withDb(config, (db) =>
    withEventLog(config, logger, async (log) => {
      const shop = createSegmentClient(product.ingestUrl!, [...config.ingest.writeKeys][0] ?? '');
      const run = Date.now().toString(36);
      const day = 86_400 * config.journeys.timeScale;
      say(
        `\nThe store simulator (run ${run}): journey time runs ${Math.round(1 / config.journeys.timeScale)}x faster, a day in ${day.toFixed(0)} s.`,
      );
      const result = await simulateStore(
        { shop, db, log, inbox: createMailSinkClient(config.email.sinkInboxUrl) },
        { run, customers: options.customers, currency: config.shopCurrency.code, timeoutMs: options.timeoutMs, say },
      );
      say(`\nWhat each journey did for the ${result.customers} simulated customers (the message ledger):`);
      for (const line of formatOutcomes(result.outcomes)) say(line);
      const codes = result.coupons.map(({ poolId, codes }) => `${codes} ${poolId}`).join(', ');
      say(`\nCoupon codes handed out: ${codes || 'none'}`);
      if (result.silent.length > 0) say(`\nNothing sent yet by: ${result.silent.join(', ')}`);
      return result.silent;
    }),
  );
}

export async function runSimulation(config: Config, logger: Logger, options: { customers: number; timeoutMs: number }): Promise<void> {
  const product = await startProduct(config, logger.child({ simulation: true }), processNames);
  try {
    const silent = await simulateAgainst(product, config, logger, options);
    if (silent.length > 0) process.exitCode = 1;
  } finally {
    await product.stop();
  }
}
