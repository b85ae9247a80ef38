/**
 * What operators ask about segments, read from the segment evaluator's own tables: who is
 * in a segment now (customer_segments) and who entered or left it when (segment_changes).
 * Read-only. Customer ids and segment ids only: no profile data.
 */
import { segmentRegistry, type SegmentDefinition } from '../../segments/index.ts';
import type { Queryable } from '../platform/db/pool.ts';
import { UsageError } from './usage-error.ts';

type Segments = readonly SegmentDefinition[];

export interface SegmentSummary {
  id: string;
  description: string;
  /** Customers in it now. */
  size: number;
  /** Changes in the last 24 hours, by the database's clock (the one that wrote them). */
  lastDay: { entered: number; exited: number };
}

export interface SegmentDetail extends SegmentSummary {
  /** The newest members first, by their latest entry. */
  members: { customerId: string; enteredAt: Date }[];
}

/** The registry's segment of this id; an unknown id is refused with the known ones. */
export function knownSegment(segmentId: string, segments: Segments = segmentRegistry): SegmentDefinition {
  const segment = segments.find((candidate) => candidate.id === segmentId);
  if (!segment) throw new UsageError(`unknown segment "${segmentId}" (segments: ${segments.map((known) => known.id).join(', ')})`);
  return segment;
}

/** Every segment of the registry, in its order (a segment no customer is in counts 0). */
export async function segmentSummaries(db: Queryable, segments: Segments = segmentRegistry): Promise<SegmentSummary[]> {
  const ids = segments.map((segment) => segment.id);
  const [sizes, changes] = await Promise.all([
    // One pass over the memberships, rather than one GIN lookup per segment: the large
    // segments (one-time buyers) are a good part of the base anyway.
    db.query<{ segment_id: string; size: number }>(
      `select segment_id, count(*)::int as size from customer_segments, unnest(segments) as segment_id
       where segments && $1::text[] group by segment_id`,
      [ids],
    ),
    lastDayChanges(db, ids),
  ]);
  const size = new Map(sizes.rows.map((row) => [row.segment_id, row.size]));
  return segments.map((segment) => ({
    id: segment.id,
    description: segment.description,
    size: size.get(segment.id) ?? 0,
    lastDay: changes.get(segment.id) ?? { entered: 0, exited: 0 },
  }));
}

/** One segment: its size, its last day, and up to `limit` members, newest first. */
export async function segmentDetail(
  db: Queryable,
  segmentId: string,
  limit: number,
  segments: Segments = segmentRegistry,
): Promise<SegmentDetail> {
  const segment = knownSegment(segmentId, segments);
  const [size, changes, members] = await Promise.all([
    db.query<{ size: number }>('select count(*)::int as size from customer_segments where segments @> array[$1::text]', [segment.id]),
    lastDayChanges(db, [segment.id]),
    // From the newest entries backwards (segment_changes_segment_idx), keeping each member's
    // latest one: it stops after `limit` members instead of dating every member of a
    // segment of 100,000. Every membership is written with its entry (membership.ts), so each
    // member has one; entries of customers no longer in it (or merged away) are passed over.
    db.query<{ customer_id: string; entered_at: Date }>(
      `select c.customer_id, c.changed_at as entered_at
       from segment_changes c
       join customer_segments m on m.customer_id = c.customer_id and m.segments @> array[$1::text]
       where c.segment_id = $1 and c.change = 'entered'
         and not exists (select 1 from segment_changes later where later.customer_id = c.customer_id
                         and later.segment_id = $1 and later.change = 'entered' and later.seq > c.seq)
       order by c.changed_at desc, c.seq desc
       limit $2`,
      [segment.id, limit],
    ),
  ]);
  return {
    id: segment.id,
    description: segment.description,
    size: size.rows[0]?.size ?? 0,
    lastDay: changes.get(segment.id) ?? { entered: 0, exited: 0 },
    members: members.rows.map((row) => ({ customerId: row.customer_id, enteredAt: row.entered_at })),
  };
}

async function lastDayChanges(db: Queryable, ids: string[]): Promise<Map<string, { entered: number; exited: number }>> {
  const { rows } = await db.query<{ segment_id: string; entered: number; exited: number }>(
    `select segment_id, count(*) filter (where change = 'entered')::int as entered, count(*) filter (where change = 'exited')::int as exited
     from segment_changes where segment_id = any($1::text[]) and changed_at > now() - interval '1 day' group by segment_id`,
    [ids],
  );
  return new Map(rows.map((row) => [row.segment_id, { entered: row.entered, exited: row.exited }]));
}

// Entered, exited: `+12 −3` (U+2212, the typographic minus: a count of exits, not a negative number).
const change = ({ entered, exited }: SegmentSummary['lastDay']) => `+${entered} −${exited}`;

export function formatSegmentSummaries(summaries: SegmentSummary[]): string {
  const rows = summaries.map((summary) => [summary.id, String(summary.size), change(summary.lastDay), summary.description]);
  const header = ['segment', 'members', 'last 24 h', 'description'];
  const width = (column: number) => Math.max(...[header, ...rows].map((row) => row[column]!.length));
  // Ids left, figures right, the description last as it comes.
  const line = (row: string[]) =>
    [row[0]!.padEnd(width(0)), row[1]!.padStart(width(1)), row[2]!.padStart(width(2)), row[3]!].join('  ').trimEnd();
  return [header, ...rows].map(line).join('\n');
}

export function formatSegmentDetail(detail: SegmentDetail): string {
  const width = Math.max(0, ...detail.members.map((member) => member.customerId.length));
  return [
    `segment ${detail.id}`,
    `  description  ${detail.description}`,
    `  members      ${detail.size}`,
    `  last 24 h    ${change(detail.lastDay)} (entered, exited)`,
    `  newest       ${detail.members.length} of ${detail.size}, by when they entered`,
    ...detail.members.map((member) => `    ${member.customerId.padEnd(width)}  ${member.enteredAt.toISOString()}`),
    ...(detail.members.length === 0 ? ['    none'] : []),
  ].join('\n');
}
