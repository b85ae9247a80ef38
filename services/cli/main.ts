/**
 * `journeys <command>`: starts each process of the product, or all of them (`dev`).
 */
import { loadConfig } from '../config.ts';
import { customerCommand, deadLettersCommand, journeyCommand, projectionsCommand } from './admin-commands.ts';
import { couponsCommand } from './coupon-commands.ts';
import { UsageError } from './usage-error.ts';
import { migrate } from '../db/migrate.ts';
import { createDb } from '../db/pool.ts';
import { createLogger } from '../logger.ts';
import { processNames, startProduct, type ProcessName } from '../product.ts';
import { runDemo } from '../demo/demo.ts';
import { untilSignalled } from '../shutdown.ts';

const usage = `usage: journeys <command>

  dev         ingest API, router, projector and worker in one process
  ingest      the HTTP ingest API (Segment-compatible)
  router      Kafka customer-events → one Temporal workflow per customer
  projector   Kafka customer-events → PostgreSQL event store and projections
  worker      the Temporal worker (workflows and send activities)
  migrate     apply database migrations
  demo        run the product and play a cart-abandonment scenario (--exit to stop after it)

  dlq list              messages parked in customer-events.dlq, with the reason
  dlq redrive           re-publish them into customer-events (after fixing the cause)
  projections rebuild   replay customer-events into fresh projection tables and swap them in

  journey list          each journey's state and its customers per step, with Web UI links
  journey pause <id>    hold the journey's sends (they wait, nothing is dropped)
  journey resume <id>   let them go again
  journey stop <id>     customers leave the journey at their next send
  customer show <id>    a customer's stage, journeys, consent, assignments and messages

  coupons create|generate|add|status <pool> …   coupon pools for journeys that offer codes
`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(usage);
    return;
  }
  const config = loadConfig();
  const logger = createLogger(config.logLevel);

  if (command === 'migrate') {
    const db = createDb(config.databaseUrl);
    try {
      const applied = await migrate(db);
      process.stdout.write(applied.length ? `applied ${applied.join(', ')}\n` : 'database is up to date\n');
    } finally {
      await db.end();
    }
    return;
  }
  if (command === 'dlq') return deadLettersCommand(config, logger, rest[0]);
  if (command === 'projections') return projectionsCommand(config, logger, rest[0]);
  if (command === 'journey') return journeyCommand(config, rest[0], rest[1]);
  if (command === 'customer') return customerCommand(config, rest[0], rest[1]);
  if (command === 'coupons') return couponsCommand(config, rest);
  if (command === 'demo') {
    await runDemo(config, logger, { exitAfterScenario: rest.includes('--exit') });
    return;
  }
  const processes: readonly ProcessName[] = command === 'dev' ? processNames : processNames.filter((name) => name === command);
  if (processes.length === 0) {
    process.stderr.write(`unknown command "${command}"\n\n${usage}`);
    process.exitCode = 2;
    return;
  }
  const product = await startProduct(config, logger, processes);
  await untilSignalled();
  await product.stop();
  // Everything is stopped and committed; a client library's stray socket (kafkajs after a
  // broker restart) must not keep a stopped process alive under its supervisor.
  process.exit(0);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
