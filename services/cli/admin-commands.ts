/**
 * Operator commands: dead letters, projection rebuilds, the journeys' kill switch, and
 * reports on journeys and customers. Output is for people; ids and positions only, no event contents.
 */
import type { Config } from '../platform/config.ts';
import { journeyRegistry } from '../../workflows/registry.ts';
import { setJourneyState, type JourneyState } from '../platform/db/journey-controls.ts';
import { migrate } from '../platform/db/migrate.ts';
import { createDb } from '../platform/db/pool.ts';
import { createKafka, createProducer, ensureTopics } from '../platform/kafka/client.ts';
import { listDeadLetters, redriveDeadLetters, type DeadLetter } from '../platform/kafka/dead-letters.ts';
import type { Logger } from '../platform/logger.ts';
import { rebuildProjections, type TableDiff } from '../processes/projector/rebuild.ts';
import { connectTemporal } from '../platform/temporal/client.ts';
import { UsageError } from './usage-error.ts';
import { customerReport, scopeOf, type Scope } from '../platform/operator-reports.ts';
import { formatCustomerReport, formatJourneyReports, journeyReports } from './operator-reports.ts';

const print = (line: string) => process.stdout.write(`${line}\n`);

function printLetters(letters: DeadLetter[]) {
  for (const letter of letters) {
    print(
      `${letter.position}\t${letter.parkedAt}\t${letter.eventType ?? '-'}\t${letter.eventId ?? '-'}\tfrom ${letter.origin}\t${letter.reason}`,
    );
  }
}

export async function listDeadLettersCommand({ config, logger }: { config: Config; logger: Logger }): Promise<void> {
  const kafka = createKafka(config.kafka.brokers, 'journeys-cli', logger, config.kafka.security);
  await ensureTopics(kafka, config.kafka.topics);
  const letters = await listDeadLetters(kafka);
  printLetters(letters);
  print(`${letters.length} message(s) waiting in the dead-letter topic`);
}

export async function redriveDeadLettersCommand({ config, logger }: { config: Config; logger: Logger }): Promise<void> {
  const kafka = createKafka(config.kafka.brokers, 'journeys-cli', logger, config.kafka.security);
  await ensureTopics(kafka, config.kafka.topics);
  const producer = createProducer(kafka);
  await producer.connect();
  try {
    const letters = await redriveDeadLetters(kafka, producer);
    printLetters(letters);
    print(`re-drove ${letters.length} message(s) into customer-events`);
  } finally {
    await producer.disconnect();
  }
}

export async function rebuildProjectionsCommand(
  { config, logger }: { config: Config; logger: Logger },
  dropConsent: boolean,
): Promise<void> {
  const kafka = createKafka(config.kafka.brokers, 'journeys-cli', logger, config.kafka.security);
  const db = createDb(config.databaseUrl);
  const onDiff = (diff: TableDiff[]) => {
    print('table                 added   dropped   changed');
    for (const row of diff)
      print(
        `${row.table.padEnd(20)} ${String(row.added).padStart(6)} ${String(row.dropped).padStart(9)} ${String(row.changed).padStart(9)}`,
      );
  };
  try {
    const report = await rebuildProjections({
      kafka,
      db,
      logger,
      dropConsent,
      onDiff,
      rules: { doubleOptIn: config.consent.doubleOptIn, loyalty: config.loyalty },
    });
    if (report.swapped) {
      print(`rebuilt ${report.tables.join(', ')} from ${report.messages} message(s); ${report.skipped} skipped as invalid`);
      return;
    }
    const dropped = report.diff.find((row) => row.table === 'consent')?.dropped ?? 0;
    print(
      `not swapped: ${dropped} consent row(s) are not in the log and would be dropped; \`journeys projections rebuild --yes\` swaps anyway`,
    );
    process.exitCode = 1;
  } finally {
    await db.end();
  }
}

const switchStates = { pause: 'paused', resume: 'active', stop: 'stopped' } as const satisfies Record<string, JourneyState>;
export type JourneySwitch = keyof typeof switchStates;

/** Reads from Temporal and PostgreSQL for the operator reports, then closes both. */
async function withReportScope<T>(config: Config, read: (scope: Scope) => Promise<T>): Promise<T> {
  const db = createDb(config.databaseUrl);
  const temporal = await connectTemporal(config.temporal);
  try {
    await migrate(db);
    return await read(scopeOf(config, { temporal, db }));
  } finally {
    await temporal.connection.close();
    await db.end();
  }
}

export async function showCustomerCommand(config: Config, customerId: string): Promise<void> {
  print(formatCustomerReport(await withReportScope(config, (scope) => customerReport(scope, customerId))));
}

export async function listJourneysCommand(config: Config): Promise<void> {
  print(formatJourneyReports(await withReportScope(config, journeyReports)));
}

/** The kill switch: effective for each customer's next send (paused sends wait; stopped journeys exit). */
export async function switchJourneyCommand(config: Config, action: JourneySwitch, journeyId: string): Promise<void> {
  const journeyIds = journeyRegistry.map((journey) => journey.id);
  if (!journeyIds.includes(journeyId)) throw new UsageError(`unknown journey "${journeyId}" (journeys: ${journeyIds.join(', ')})`);
  const state = switchStates[action];
  const db = createDb(config.databaseUrl);
  try {
    await migrate(db);
    await setJourneyState(db, journeyId, state);
    print(`${journeyId} is ${state}`);
  } finally {
    await db.end();
  }
}
