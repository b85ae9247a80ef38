/**
 * Deciding who is in which segment, and recording each change (segment_changes, the outbox
 * the publisher sends to the log). Every decision that is written, the projector's after a
 * batch and the recompute's for the customers it found moved (refresh-all.ts), locks each
 * customer's customer_segments row before it reads their facts: the two never decide for
 * one customer at once, and the later decision reads the facts the earlier one committed.
 * A change is written once; publishing it is the publisher's job (publisher.ts).
 */
import type pg from 'pg';
import type { SegmentDefinition, SegmentFacts } from '../../../segments/define.ts';
import { customerIdNow } from '../db/customers.ts';
import type { Queryable } from '../db/pool.ts';
import { readSegmentFacts } from './facts.ts';

export interface SegmentChange {
  customerId: string;
  segmentId: string;
  change: 'entered' | 'exited';
}

/** Decides these customers' segments now; returns the changes recorded. Call inside a transaction. */
export async function refreshSegments(
  client: Pick<pg.ClientBase, 'query'>,
  customerIds: Iterable<string>,
  segments: readonly SegmentDefinition[],
  now: Date = new Date(),
): Promise<SegmentChange[]> {
  const ids = await liveCustomers(client, customerIds);
  if (ids.length === 0) return [];
  // Locked in one order by every caller, so two transactions cannot wait on each other.
  await client.query('insert into customer_segments (customer_id, updated_at) select unnest($1::text[]), $2 on conflict do nothing', [
    ids,
    now,
  ]);
  const { rows } = await client.query<{ customer_id: string; segments: string[] }>(
    'select customer_id, segments from customer_segments where customer_id = any($1) order by customer_id collate "C" for update',
    [ids],
  );
  const before = new Map(rows.map((row) => [row.customer_id, row.segments]));
  const { changes, memberships } = decide((await readSegmentFacts(client, { ids }, now)).facts, before, segments);
  if (changes.length === 0) return changes;
  await client.query(
    `update customer_segments c set segments = array(select jsonb_array_elements_text(u.segments::jsonb)), updated_at = $3
     from unnest($1::text[], $2::text[]) as u (customer_id, segments) where c.customer_id = u.customer_id`,
    [[...memberships.keys()], [...memberships.values()].map((segments) => JSON.stringify(segments)), now],
  );
  await client.query(
    `insert into segment_changes (event_id, customer_id, segment_id, change, changed_at)
     select 'segment-' || gen_random_uuid(), * , $4 from unnest($1::text[], $2::text[], $3::text[])`,
    [changes.map((c) => c.customerId), changes.map((c) => c.segmentId), changes.map((c) => c.change), now],
  );
  return changes;
}

/** Each customer's segments as the facts say, against what they were: the changes, and the new memberships. */
export function decide(
  facts: readonly SegmentFacts[],
  before: ReadonlyMap<string, readonly string[]>,
  segments: readonly SegmentDefinition[],
) {
  const changes: SegmentChange[] = [];
  const memberships = new Map<string, string[]>();
  for (const customer of facts) {
    const was = new Set(before.get(customer.customerId));
    const matched = segments.filter((segment) => segment.matches(customer)).map((segment) => segment.id);
    const entered = matched.filter((id) => !was.has(id));
    // Only segments still defined can be left: a removed segment is simply no longer kept.
    const exited = segments.filter((segment) => was.has(segment.id) && !matched.includes(segment.id)).map((segment) => segment.id);
    if (entered.length === 0 && exited.length === 0) continue;
    for (const segmentId of exited) changes.push({ customerId: customer.customerId, segmentId, change: 'exited' });
    for (const segmentId of entered) changes.push({ customerId: customer.customerId, segmentId, change: 'entered' });
    const kept = [...was].filter((id) => !exited.includes(id) && !matched.includes(id));
    memberships.set(customer.customerId, [...kept, ...matched].sort());
  }
  return { changes, memberships };
}

/**
 * The customers these ids are now: an id merged into another (a visitor who logged in) is
 * decided as that customer, and its own memberships are dropped without events (the
 * customer's decision says what the person is in).
 */
async function liveCustomers(client: Pick<pg.ClientBase, 'query'>, customerIds: Iterable<string>): Promise<string[]> {
  const ids = [...new Set(customerIds)];
  if (ids.length === 0) return [];
  const { rows } = await client.query<{ merged_id: string; customer_id: string }>(
    'select merged_id, customer_id from customer_identities where merged_id = any($1)',
    [ids],
  );
  if (rows.length > 0) await client.query('delete from customer_segments where customer_id = any($1)', [rows.map((row) => row.merged_id)]);
  const merged = new Map(rows.map((row) => [row.merged_id, row.customer_id]));
  return [...new Set(ids.map((id) => merged.get(id) ?? id))].sort();
}

/**
 * The segments a customer is in. An id merged into another (a visitor who logged in) is
 * read as the customer it now is, as the projector decides it: its own row is dropped at
 * the merge, so read as itself it would always say none.
 */
export async function customerSegments(db: Queryable, customerId: string): Promise<{ customerId: string; ids: string[] }> {
  const resolved = await customerIdNow(db, customerId);
  const { rows } = await db.query<{ segments: string[] }>('select segments from customer_segments where customer_id = $1', [resolved]);
  return { customerId: resolved, ids: rows[0]?.segments ?? [] };
}
