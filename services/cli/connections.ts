/**
 * What a CLI command connects to, opened for the command and closed after it whatever
 * happens: the database (migrated first, so a command works on a fresh one) and the
 * customer-events log (for commands that write product events: apologies, campaign windows).
 */
import type { Config } from '../platform/config.ts';
import { migrate } from '../platform/db/migrate.ts';
import { createDb, type Db } from '../platform/db/pool.ts';
import { createKafka, createProducer, ensureTopics } from '../platform/kafka/client.ts';
import { createEventLogWriter, type EventLogWriter } from '../platform/kafka/customer-events.ts';
import type { Logger } from '../platform/logger.ts';

export async function withDb<T>(config: Config, use: (db: Db) => Promise<T>): Promise<T> {
  const db = createDb(config.databaseUrl);
  try {
    await migrate(db);
    return await use(db);
  } finally {
    await db.end();
  }
}

export async function withEventLog<T>(config: Config, logger: Logger, use: (log: EventLogWriter) => Promise<T>): Promise<T> {
  const kafka = createKafka(config.kafka.brokers, 'journeys-cli', logger, config.kafka.security);
  await ensureTopics(kafka, config.kafka.topics);
  const producer = createProducer(kafka);
  await producer.connect();
  try {
    return await use(createEventLogWriter(producer));
  } finally {
    await producer.disconnect();
  }
}
