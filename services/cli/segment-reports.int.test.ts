/**
 * The segment reports on the real PostgreSQL, over rows the test writes straight into the
 * evaluator's tables (the state the reports read). The database is shared with other tests,
 * so the exact figures are those of segments of the test's own, passed in as the registry;
 * the shipped registry is checked for its order. Changes are written as already published,
 * so no publisher sends them to the log.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@temporalio/client';
import { defineSegment, segmentRegistry } from '../../segments/index.ts';
import { customerEvent, project, uniqueId } from '../../test/support/fixtures.ts';
import { loadConfig } from '../platform/config.ts';
import { migrate } from '../platform/db/migrate.ts';
import { createDb } from '../platform/db/pool.ts';
import { connectTemporal } from '../platform/temporal/client.ts';
import { customerReport, scopeOf } from '../platform/operator-reports.ts';
import { formatCustomerReport } from './operator-reports.ts';
import { formatSegmentDetail, formatSegmentSummaries, segmentDetail, segmentSummaries } from './segment-reports.ts';
import { UsageError } from './usage-error.ts';

const config = loadConfig();
const db = createDb(config.databaseUrl);
let temporal: Client;
const customers: string[] = [];

const testSegment = (prefix: string) => defineSegment({ id: uniqueId(prefix), description: `${prefix} (test)`, matches: () => false });
const vip = testSegment('vip');
const quiet = testSegment('quiet');
const segments = [vip, quiet];

before(async () => {
  await migrate(db);
  temporal = await connectTemporal(config.temporal);
});
after(async () => {
  await db.query('delete from segment_changes where customer_id = any($1)', [customers]);
  await db.query('delete from customer_segments where customer_id = any($1)', [customers]);
  await db.query('delete from customer_identities where merged_id = any($1)', [customers]);
  await temporal?.connection.close();
  await db.end();
});

const customer = (prefix = 'shopper') => {
  const id = uniqueId(prefix);
  customers.push(id);
  return id;
};
const inSegments = (customerId: string, ids: string[]) =>
  db.query('insert into customer_segments (customer_id, segments, updated_at) values ($1, $2, now())', [customerId, ids]);
/** A change `hoursAgo` by the database's clock, the one the reports count the last day by. */
const changed = (customerId: string, segmentId: string, change: 'entered' | 'exited', hoursAgo: number) =>
  db.query(
    `insert into segment_changes (event_id, customer_id, segment_id, change, changed_at, published_at)
     values ($1, $2, $3, $4, now() - make_interval(hours => $5), now())`,
    [uniqueId('test-change'), customerId, segmentId, change, hoursAgo],
  );

describe('segment reports', () => {
  // a entered 30 h ago; b 3 h ago; c entered 48 h ago, left 20 h ago and came back 1 h ago;
  // d entered 10 h ago and left 2 h ago (no longer a member); e entered 5 h ago.
  const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map((name) => customer(`segment-${name}`)) as [string, string, string, string, string];
  before(async () => {
    for (const id of [a, b, c, e]) await inSegments(id, [vip.id]);
    await inSegments(d, []);
    await changed(a, vip.id, 'entered', 30);
    await changed(b, vip.id, 'entered', 3);
    await changed(c, vip.id, 'entered', 48);
    await changed(c, vip.id, 'exited', 20);
    await changed(c, vip.id, 'entered', 1);
    await changed(d, vip.id, 'entered', 10);
    await changed(d, vip.id, 'exited', 2);
    await changed(e, vip.id, 'entered', 5);
  });

  it('lists each segment in registry order with its size now and its last 24 hours', async () => {
    const summaries = await segmentSummaries(db, segments);
    assert.deepEqual(summaries, [
      { id: vip.id, description: vip.description, size: 4, lastDay: { entered: 4, exited: 2 } },
      { id: quiet.id, description: quiet.description, size: 0, lastDay: { entered: 0, exited: 0 } },
    ]);
    const lines = formatSegmentSummaries(summaries).split('\n');
    assert.match(lines[0]!, /^segment +members {2}last 24 h {2}description$/);
    assert.match(lines[1]!, new RegExp(`^${vip.id} +4 +\\+4 −2  vip \\(test\\)$`));
    assert.match(lines[2]!, new RegExp(`^${quiet.id} +0 +\\+0 −0  quiet \\(test\\)$`));
    // Aligned: figures end, and descriptions start, where the header's columns do.
    for (const [column, end] of [
      ['members', true],
      ['last 24 h', true],
      ['description', false],
    ] as const) {
      const at = lines[0]!.indexOf(column) + (end ? column.length : 0);
      for (const line of lines.slice(1))
        assert.equal(
          end ? line[at - 1] !== ' ' && line[at] === ' ' : line[at - 1] === ' ' && line[at] !== ' ',
          true,
          `${column} in ${line}`,
        );
    }

    const shipped = await segmentSummaries(db);
    assert.deepEqual(
      shipped.map((summary) => summary.id),
      segmentRegistry.map((segment) => segment.id),
    );
  });

  it('shows the members newest first by their latest entry, up to the limit, leaving out those who left', async () => {
    const detail = await segmentDetail(db, vip.id, 20, segments);
    assert.equal(detail.size, 4);
    assert.deepEqual(detail.lastDay, { entered: 4, exited: 2 });
    assert.deepEqual(
      detail.members.map((member) => member.customerId),
      [c, b, e, a],
    );
    // c's entry is the one after they came back, not the first.
    const hoursAgo = (Date.now() - detail.members[0]!.enteredAt.getTime()) / 3_600_000;
    assert.ok(Math.abs(hoursAgo - 1) < 0.1, `c entered ${hoursAgo} h ago`);

    const limited = await segmentDetail(db, vip.id, 2, segments);
    assert.deepEqual(
      limited.members.map((member) => member.customerId),
      [c, b],
    );
    const text = formatSegmentDetail(limited);
    assert.match(text, new RegExp(`^segment ${vip.id}\n {2}description {2}vip \\(test\\)\n {2}members {6}4\n {2}last 24 h {4}\\+4 −2`));
    assert.match(text, / {2}newest {7}2 of 4, by when they entered\n {4}segment-c-\w+ {2}\d{4}-\d\d-\d\dT.*\n {4}segment-b-/);

    const empty = await segmentDetail(db, quiet.id, 20, segments);
    assert.deepEqual([empty.size, empty.members], [0, []]);
    assert.match(formatSegmentDetail(empty), /\n {4}none$/);
  });

  it('refuses an unknown segment, naming it and the known ones', async () => {
    await assert.rejects(segmentDetail(db, 'no-such-segment', 20), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.equal(error.message, `unknown segment "no-such-segment" (segments: ${segmentRegistry.map((s) => s.id).join(', ')})`);
      return true;
    });
  });

  it('`journeys segments list --format json` prints every shipped segment in registry order', async () => {
    const cli = fileURLToPath(new URL('../../bin/journeys.js', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'segments', 'list', '--format', 'json']);
    const listed = JSON.parse(stdout) as { id: string; size: number; lastDay: { entered: number; exited: number } }[];
    assert.deepEqual(
      listed.map((summary) => summary.id),
      segmentRegistry.map((segment) => segment.id),
    );
    assert.ok(listed.every((summary) => Number.isInteger(summary.size) && Number.isInteger(summary.lastDay.entered)));
  });
});

describe('customer show', () => {
  it("lists the customer's segments, a merged id's as the customer it was merged into, or none", async () => {
    const scope = scopeOf(config, { temporal, db });
    const member = customer();
    const visitor = customer('visitor');
    const nobody = customer('nobody');
    await inSegments(member, ['high-value', vip.id].sort());
    await db.query(`insert into customer_identities (merged_id, customer_id, merged_at, event_id) values ($1, $2, now(), $3)`, [
      visitor,
      member,
      uniqueId('test-merge'),
    ]);

    const shown = formatCustomerReport(await customerReport(scope, member));
    assert.match(shown, new RegExp(`\n {2}segments {5}${['high-value', vip.id].sort().join(', ')}\n`));
    const merged = formatCustomerReport(await customerReport(scope, visitor));
    assert.match(
      merged,
      new RegExp(`\n {2}segments {5}${['high-value', vip.id].sort().join(', ')} \\(of ${member}, which this id was merged into\\)\n`),
    );
    assert.match(formatCustomerReport(await customerReport(scope, nobody)), /\n {2}segments {5}none\n/);
  });

  it("shows the customer's loyalty points, tier and the soonest to expire, a merged id's as its customer's", async () => {
    const scope = scopeOf(config, { temporal, db });
    const member = customer();
    const visitor = customer('visitor');
    const earnedAt = new Date(Date.now() - 86_400_000).toISOString();
    await project(db, {
      ...customerEvent(member, 'Loyalty Points Earned', { points: 1600, reason: 'bonus' }),
      occurredAt: earnedAt,
    });
    await db.query(`insert into customer_identities (merged_id, customer_id, merged_at, event_id) values ($1, $2, now(), $3)`, [
      visitor,
      member,
      uniqueId('test-merge'),
    ]);
    const expiresOn = `${Number(earnedAt.slice(0, 4)) + 1}${earnedAt.slice(4, 10)}`;
    for (const id of [member, visitor]) {
      assert.match(
        formatCustomerReport(await customerReport(scope, id)),
        new RegExp(`\n {2}loyalty {6}1,600 points, tier silver; 1,600 expire on ${expiresOn}\n`),
      );
    }
    assert.match(formatCustomerReport(await customerReport(scope, customer('nobody'))), /\n {2}loyalty {6}0 points, tier none\n/);
  });
});
