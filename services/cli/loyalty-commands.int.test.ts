/**
 * `journeys loyalty show`, run as operators run it against the stack's PostgreSQL: the
 * balance, the lots soonest to expire first, the tier with what keeps it, the history, and
 * a merged id shown as its customer; JSON for scripts.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { customerEvent, project, uniqueId } from '../../test/support/fixtures.ts';
import { loadConfig } from '../platform/config.ts';
import { migrate } from '../platform/db/migrate.ts';
import { createDb, type Db } from '../platform/db/pool.ts';
import { saveCurrencyRates } from '../processes/projector/customer-metrics.ts';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const config = loadConfig();
let db: Db;

before(async () => {
  db = createDb(config.databaseUrl);
  await migrate(db);
  // The rates the live projector writes at start, so that orders earn points before it ever ran.
  const { rowCount } = await db.query('select 1 from currency_rates where shop');
  if (!rowCount) await saveCurrencyRates(db, config.shopCurrency);
});
after(() => db?.end());

function journeys(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', main, ...args], (error, stdout, stderr) => {
      resolve({ code: typeof error?.code === 'number' ? error.code : error ? 1 : 0, stdout, stderr });
    });
  });
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
const money = (units: number) => ({ amount: units * 10 ** 2, currency: config.shopCurrency.code });

describe('journeys loyalty show', () => {
  it("prints a member's balance, what expires when, their tier and history; a merged id as its customer", async () => {
    const customerId = uniqueId('member');
    const visitor = uniqueId('visitor');
    const first = uniqueId('order');
    await project(
      db,
      { ...customerEvent(customerId, 'Order Completed', { order_id: first, total: money(400) }), occurredAt: daysAgo(200) },
      { ...customerEvent(customerId, 'Order Completed', { order_id: uniqueId('order'), total: money(250) }), occurredAt: daysAgo(20) },
      { ...customerEvent(customerId, 'Loyalty Points Redeemed', { points: 100, reward: '$5 off' }), occurredAt: daysAgo(10) },
      customerEvent(customerId, 'Identities Merged', { merged_customer_id: visitor }),
    );
    const { code, stdout, stderr } = await journeys('loyalty', 'show', visitor);
    assert.equal(code, 0, stderr);
    const lines = stdout.split('\n');
    assert.equal(lines[0], `customer ${customerId} (${visitor} was merged into it)`);
    assert.match(stdout, /\n {2}balance {6}550 points \(650 earned in all, net of refunds\)\n/);
    assert.match(stdout, /\n {2}tier {9}bronze since \d{4}-\d{2}-\d{2}; 650 points over the last 12 months\n/);
    assert.match(stdout, /\n {15}silver needs 850 more\n/);
    const expiring = lines.slice(
      lines.indexOf('  expiring (oldest first, as points are spent)') + 1,
      lines.indexOf('  history (newest first)'),
    );
    assert.deepEqual(
      expiring.map((line) => line.trim().split(/\s+/).slice(1, 4).join(' ')),
      ['300 of 400', '250 of 250'],
      'the redemption took from the oldest lot',
    );
    assert.match(stdout, /\n {4}\S+ {2}redeemed +-100 {2}\$5 off\n/);
    assert.match(stdout, /\n {15}held until \d{4}-\d{2}-\d{2} unless 250 more points come before\n/);

    const json = await journeys('loyalty', 'show', customerId, '--format', 'json');
    const report = JSON.parse(json.stdout) as { statement: { balance: number; lots: { orderId: string }[] } };
    assert.equal(report.statement.balance, 550);
    assert.equal(report.statement.lots[0]?.orderId, first);
  });

  it('names a bad format', async () => {
    const { code, stderr } = await journeys('loyalty', 'show', 'someone', '--format', 'xml');
    assert.equal(code, 2);
    assert.match(stderr, /--format must be table or json, not "xml"/);
  });
});
