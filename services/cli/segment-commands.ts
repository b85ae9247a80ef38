/** `journeys segments list|show`: the reports of segment-reports.ts, as a table or as JSON. */
import { migrate } from '../platform/db/migrate.ts';
import { createDb, type Db } from '../platform/db/pool.ts';
import { formatSegmentDetail, formatSegmentSummaries, knownSegment, segmentDetail, segmentSummaries } from './segment-reports.ts';

export type Format = 'table' | 'json';

const print = (text: string) => process.stdout.write(`${text}\n`);

async function withDb<T>(databaseUrl: string, read: (db: Db) => Promise<T>): Promise<T> {
  const db = createDb(databaseUrl);
  try {
    await migrate(db);
    return await read(db);
  } finally {
    await db.end();
  }
}

export async function listSegmentsCommand(databaseUrl: string, format: Format): Promise<void> {
  const summaries = await withDb(databaseUrl, (db) => segmentSummaries(db));
  print(format === 'json' ? JSON.stringify(summaries, null, 2) : formatSegmentSummaries(summaries));
}

export async function showSegmentCommand(
  databaseUrl: string,
  segmentId: string,
  options: { limit: number; format: Format },
): Promise<void> {
  // A mistyped id is refused before any connection: the registry is code.
  knownSegment(segmentId);
  const detail = await withDb(databaseUrl, (db) => segmentDetail(db, segmentId, options.limit));
  print(options.format === 'json' ? JSON.stringify(detail, null, 2) : formatSegmentDetail(detail));
}
