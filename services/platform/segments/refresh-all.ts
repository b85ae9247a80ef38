/**
 * Every customer's segments decided again: after each recompute (the RFM groups and
 * predictions moved) and for the segments that move with time alone ("not bought in
 * 6 months", "lapsed"). Most nights move few customers, so a first look reads each chunk's
 * memberships and facts from one snapshot, without locks, and only the customers whose
 * segments differ are decided again under their locks (refreshSegments), the decision that
 * counts. A customer the projector moves in between is decided by the projector too; one the
 * snapshot shows unchanged had facts and membership that agreed. Two chunks at a time, so
 * that PostgreSQL reads one chunk's facts while Node evaluates the other's.
 */
import type { SegmentDefinition } from '../../../segments/define.ts';
import { inTransaction, type Db } from '../db/pool.ts';
import { readSegmentFacts } from './facts.ts';
import { decide, refreshSegments } from './membership.ts';

export interface SegmentsRefreshed {
  customers: number;
  entered: number;
  exited: number;
  seconds: number;
}

const CHUNK = 5_000;
const CHUNKS_AT_ONCE = 2;

export async function refreshAllSegments(
  db: Db,
  segments: readonly SegmentDefinition[],
  options: { now?: Date; chunk?: number; onChunk?: (progress: { customers: number; chunks: number }) => void } = {},
): Promise<SegmentsRefreshed> {
  const { now = new Date(), chunk = CHUNK, onChunk = () => undefined } = options;
  const started = performance.now();
  // Everyone the segments could see, and everyone in one now (who may have to leave it), in
  // slices of `chunk` customers: the first id of each, in the database's order.
  const { rows } = await db.query<{ customer_id: string }>(
    `select customer_id from (
       select customer_id, row_number() over (order by customer_id) as n from (
         select customer_id from customers union select customer_id from customer_metrics union select customer_id from customer_segments) everyone
     ) numbered where n % $1 = 1 order by customer_id`,
    [chunk],
  );
  const starts = rows.map((row) => row.customer_id);
  const report: SegmentsRefreshed = { customers: 0, entered: 0, exited: 0, seconds: 0 };
  let next = 0;
  let done = 0;
  // Slices are disjoint, so the transactions side by side never wait on each other.
  const worker = async () => {
    while (next < starts.length) {
      const slice = next++;
      const scope = { from: starts[slice]!, to: starts[slice + 1] ?? null };
      const { customers, moved } = await inTransaction(db, async (client) => {
        await client.query('set transaction isolation level repeatable read, read only');
        const { facts, memberships } = await readSegmentFacts(client, scope, now);
        return { customers: facts.length, moved: [...decide(facts, memberships, segments).memberships.keys()] };
      });
      report.customers += customers;
      if (moved.length > 0) {
        const changes = await inTransaction(db, (client) => refreshSegments(client, moved, segments, now));
        for (const change of changes) report[change.change] += 1;
      }
      // An activity heartbeats with it: each chunk is a sign of life.
      onChunk({ customers: report.customers, chunks: (done += 1) });
    }
  };
  await Promise.all(Array.from({ length: CHUNKS_AT_ONCE }, worker));
  report.seconds = (performance.now() - started) / 1000;
  return report;
}
