/**
 * `journeys projections rebuild`: replays customer-events from the beginning into fresh
 * tables, then swaps them in. The live projector keeps running: the replay happens beside
 * it, and for the swap the rebuild takes the projection lock exclusively (projector batches
 * wait), catches up to the end of the log, and replaces the tables in one transaction.
 * Events the live projector then applies again are no-ops (unique event ids).
 *
 * Before it swaps, it compares each fresh table with the live one (rows added, dropped and
 * changed, by primary key) and reports it. Rows the log does not explain (written around
 * it) would be dropped; for consent, which says who may be messaged, it refuses unless told
 * `dropConsent`, and swaps nothing.
 */
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { topics } from '../../../schemas/names.ts';
import { inTransaction, type Db, type Queryable } from '../../platform/db/pool.ts';
import { partitionCount } from '../../platform/kafka/client.ts';
import { readToEnd, type TopicBatch } from '../../platform/kafka/read-to-end.ts';
import type { Logger } from '../../platform/logger.ts';
import { PROJECTION_LOCK } from './locks.ts';
import { projectionTables } from './project-event.ts';
import { checkMessages, projectMessages } from './projector.ts';
import type { ProjectionRules } from './project-event.ts';

const REBUILD_SCHEMA = 'projections_rebuild';

export interface TableDiff {
  table: string;
  added: number;
  dropped: number;
  changed: number;
}

export interface RebuildReport {
  messages: number;
  /** Messages the replay could not project (invalid or poison; the live projector parked them). */
  skipped: number;
  tables: readonly string[];
  /** Per table, what the swap changes (or would have: see `swapped`). */
  diff: TableDiff[];
  swapped: boolean;
}

export async function rebuildProjections(deps: {
  kafka: Kafka;
  db: Db;
  logger: Logger;
  /** Swap even when consent rows would be dropped. */
  dropConsent?: boolean;
  /** Shown the differences before the swap. */
  onDiff?: (diff: TableDiff[]) => void;
  /** The live projector's rules: a rebuild under others would change the consent ledger. */
  rules?: ProjectionRules;
}): Promise<RebuildReport> {
  const { kafka, db, logger } = deps;
  const report: RebuildReport = { messages: 0, skipped: 0, tables: projectionTables, diff: [], swapped: false };
  await createEmptyTables(db);

  // The checks of the live projector, partitions included: what it parked stays out. One
  // partition at a time, so merges need no lock here.
  const partitions = await partitionCount(kafka, topics.customerEvents);
  const replay = async ({ partition, messages }: TopicBatch) => {
    report.skipped += await inTransaction(db, async (client) => {
      // Projection tables resolve to the fresh ones; settings such as currency_rates to the live schema.
      await client.query(`set local search_path to ${REBUILD_SCHEMA}, public`);
      return (await projectMessages(client, checkMessages(messages, { partition, partitions }), undefined, deps.rules)).length;
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
      report.diff = [];
      for (const table of projectionTables) report.diff.push(await diffTable(swap, table));
      deps.onDiff?.(report.diff);
      const consentDropped = report.diff.find((diff) => diff.table === 'consent')?.dropped ?? 0;
      if (consentDropped > 0 && !deps.dropConsent) return;
      const views = await viewsOver(swap, projectionTables);
      for (const table of projectionTables) {
        // cascade: the views over it (ours for BI tools, and any a shop added) go, and come back below.
        await swap.query(`drop table public.${table} cascade`);
        await swap.query(`alter table ${REBUILD_SCHEMA}.${table} set schema public`);
      }
      for (const view of views) await swap.query(`create ${view.kind} "${view.schema}"."${view.name}" as ${view.definition}`);
      await swap.query(`drop schema ${REBUILD_SCHEMA}`);
      report.swapped = true;
    });
  } finally {
    if (!report.swapped) await db.query(`drop schema if exists ${REBUILD_SCHEMA} cascade`);
    await deleteGroup(kafka, groupId);
  }
  logger.info(report.swapped ? 'projections rebuilt' : 'projections not swapped: consent rows would be dropped', { ...report });
  return report;
}

interface DependentView {
  schema: string;
  name: string;
  kind: 'view' | 'materialized view';
  definition: string;
}

/**
 * Every view (and materialized view) that reads the live tables, directly or through another
 * view, oldest first (so each is recreated after those it reads); their definitions are
 * kept to recreate them over the fresh tables. Grants and comments on them are not kept.
 */
async function viewsOver(client: Queryable, tables: readonly string[]): Promise<DependentView[]> {
  const { rows } = await client.query<DependentView>(
    `with recursive dependents(oid) as (
       select r.ev_class from pg_depend d join pg_rewrite r on r.oid = d.objid
       where d.refobjid = any($1::regclass[]) and r.ev_class <> d.refobjid
       union
       select r.ev_class from dependents x join pg_depend d on d.refobjid = x.oid join pg_rewrite r on r.oid = d.objid
       where r.ev_class <> x.oid)
     select n.nspname as schema, c.relname as name, case c.relkind when 'm' then 'materialized view' else 'view' end as kind,
            pg_get_viewdef(c.oid) as definition
     from (select distinct oid from dependents) x join pg_class c on c.oid = x.oid join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('v', 'm') order by c.oid`,
    [tables.map((table) => `public.${table}`)],
  );
  return rows;
}

/** Rows of the fresh table against the live one, matched by primary key; bookkeeping columns aside. */
async function diffTable(client: Queryable, table: string): Promise<TableDiff> {
  const { rows: keys } = await client.query<{ column: string }>(
    `select a.attname as column from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
     where i.indrelid = $1::regclass and i.indisprimary`,
    [`public.${table}`],
  );
  const columns = keys.map((key) => `"${key.column}"`);
  const { rows } = await client.query<TableDiff>(
    `select $1::text as table,
       count(*) filter (where live.${columns[0]} is null)::int as added,
       count(*) filter (where fresh.${columns[0]} is null)::int as dropped,
       count(*) filter (where live.${columns[0]} is not null and fresh.${columns[0]} is not null
         and to_jsonb(live) - 'projected_at' <> to_jsonb(fresh) - 'projected_at')::int as changed
     from public.${table} live full join ${REBUILD_SCHEMA}.${table} fresh using (${columns.join(', ')})`,
    [table],
  );
  return rows[0]!;
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
