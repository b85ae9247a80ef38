/**
 * `journeys projections rebuild`: replays customer-events from the beginning into fresh
 * tables, then swaps them in. The live projector keeps running: the replay happens beside
 * it, and for the swap the rebuild takes the projection lock exclusively (projector batches
 * wait), catches up to the end of the log, and replaces the tables in one transaction.
 * Events the live projector then applies again are no-ops (unique event ids).
 */
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { topics } from '../../../schemas/names.ts';
import { inTransaction, type Db } from '../../platform/db/pool.ts';
import { readToEnd, type TopicBatch } from '../../platform/kafka/read-to-end.ts';
import type { Logger } from '../../platform/logger.ts';
import { PROJECTION_LOCK } from './locks.ts';
import { projectionTables } from './project-event.ts';
import { projectMessages } from './projector.ts';

const REBUILD_SCHEMA = 'projections_rebuild';

export interface RebuildReport {
  messages: number;
  /** Messages the replay could not project (invalid or poison; the live projector parked them). */
  skipped: number;
  tables: readonly string[];
}

export async function rebuildProjections(deps: { kafka: Kafka; db: Db; logger: Logger }): Promise<RebuildReport> {
  const { kafka, db, logger } = deps;
  const report = { messages: 0, skipped: 0, tables: projectionTables };
  await createEmptyTables(db);

  const replay = async ({ messages }: TopicBatch) => {
    report.skipped += await inTransaction(db, async (client) => {
      await client.query(`set local search_path to ${REBUILD_SCHEMA}`);
      return (await projectMessages(client, messages)).length;
    });
    report.messages += messages.length;
  };
  // A named group, so that the catch-up below continues where the replay stopped.
  const groupId = `journeys-rebuild-${randomUUID()}`;
  await readToEnd(kafka, topics.customerEvents, replay, { groupId });
  logger.info('replayed the log into fresh tables', { messages: report.messages });

  try {
    await inTransaction(db, async (swap) => {
      await swap.query('select pg_advisory_xact_lock($1)', [PROJECTION_LOCK]);
      await readToEnd(kafka, topics.customerEvents, replay, { groupId });
      for (const table of projectionTables) {
        await swap.query(`drop table public.${table}`);
        await swap.query(`alter table ${REBUILD_SCHEMA}.${table} set schema public`);
      }
      await swap.query(`drop schema ${REBUILD_SCHEMA}`);
    });
  } finally {
    await deleteGroup(kafka, groupId);
  }
  logger.info('projections rebuilt', report);
  return report;
}

function createEmptyTables(db: Db): Promise<void> {
  return inTransaction(db, async (client) => {
    await client.query(`drop schema if exists ${REBUILD_SCHEMA} cascade`);
    await client.query(`create schema ${REBUILD_SCHEMA}`);
    for (const table of projectionTables) {
      await client.query(`create table ${REBUILD_SCHEMA}.${table} (like public.${table} including all)`);
    }
  });
}

async function deleteGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups([groupId]).catch(() => undefined);
  await admin.disconnect();
}
