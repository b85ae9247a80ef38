/**
 * Every customer's segments decided again: after each recompute (the RFM groups and
 * predictions moved) and for the segments that move with time alone ("not bought in
 * 6 months", "lapsed"). In transactions of a few thousand customers, so the projector's
 * batches wait on a chunk's locks for a moment at most.
 */
import type { SegmentDefinition } from '../../../segments/define.ts';
import { inTransaction, type Db } from '../db/pool.ts';
import { refreshSegments } from './membership.ts';

export interface SegmentsRefreshed {
  customers: number;
  entered: number;
  exited: number;
  seconds: number;
}

const CHUNK = 5_000;

export async function refreshAllSegments(
  db: Db,
  segments: readonly SegmentDefinition[],
  options: { now?: Date; chunk?: number } = {},
): Promise<SegmentsRefreshed> {
  const { now = new Date(), chunk = CHUNK } = options;
  const started = performance.now();
  // Everyone the segments could see, and everyone in one now (who may have to leave it).
  const { rows } = await db.query<{ customer_id: string }>(
    `select customer_id from customers union select customer_id from customer_metrics union select customer_id from customer_segments`,
  );
  const ids = rows.map((row) => row.customer_id);
  const report: SegmentsRefreshed = { customers: ids.length, entered: 0, exited: 0, seconds: 0 };
  for (let start = 0; start < ids.length; start += chunk) {
    const changes = await inTransaction(db, (client) => refreshSegments(client, ids.slice(start, start + chunk), segments, now));
    for (const change of changes) report[change.change] += 1;
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}
