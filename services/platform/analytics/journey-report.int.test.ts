/**
 * The journey report on the real PostgreSQL: a small data set worked out by hand (funnel,
 * attribution window, refunds, the credited step, exits), and a simulated experiment with a
 * known effect (holdout converts at 4%, treated at 6%, 5,000 customers each) reported with
 * the effect inside its 95% interval and p < 0.05.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { JourneyOutcome } from '../../../schemas/outcomes.ts';
import { uniqueId } from '../../../test/support/fixtures.ts';
import { loadConfig } from '../config.ts';
import { seededRandom } from '../customer-value/simulate.ts';
import { migrate } from '../db/migrate.ts';
import { createDb } from '../db/pool.ts';
import { reportCsv, reportTable } from '../../cli/report-commands.ts';
import { saveCurrencyRates } from '../../processes/projector/customer-metrics.ts';
import { journeyReport } from './journey-report.ts';
import { projectOutcome } from './outcome-projection.ts';

const db = createDb(loadConfig().databaseUrl);
before(async () => {
  await migrate(db);
  // The suite's shop currency (USD), as every product started by the tests saves it: a demo
  // run on the same stack leaves its own (EUR), which would convert these dollars.
  await saveCurrencyRates(db, loadConfig().shopCurrency);
});
after(() => db.end());

const DAY = 86_400_000;
const start = new Date('2026-10-01T09:00:00Z').getTime();
const at = (days: number) => new Date(start + days * DAY).toISOString();

function outcome(journeyId: string, customerId: string, fields: Partial<JourneyOutcome> & Pick<JourneyOutcome, 'step' | 'status' | 'at'>) {
  const workflowId = `journey/${journeyId}/${customerId}/once`;
  return projectOutcome(db, { outcomeId: `${workflowId}/${fields.step}/${fields.status}`, customerId, journeyId, workflowId, ...fields });
}

async function order(
  customerId: string,
  amount: number,
  days: number,
  fields: { refunded?: number; status?: string; currency?: string } = {},
) {
  await db.query(
    `insert into orders (order_id, customer_id, status, total_amount, currency, refunded_amount, completed_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $7)`,
    [uniqueId('order'), customerId, fields.status ?? 'completed', amount, fields.currency ?? 'USD', fields.refunded ?? 0, at(days)],
  );
}

describe('journey report', () => {
  it('counts the funnel, attributes orders within the window net of refunds, and credits the last step', async () => {
    const journeyId = uniqueId('report-journey');
    const id = (name: string) => `${journeyId}-${name}`;
    // Three treated customers and two in the holdout enter on day 0.
    for (const name of ['ann', 'bob', 'cat']) {
      await outcome(journeyId, id(name), { step: 'entry', status: 'entered', arm: 'treated', at: at(0) });
      await outcome(journeyId, id(name), { step: 'reminder-1', status: 'sent', channel: 'email', at: at(0.1) });
    }
    await outcome(journeyId, id('cat'), { step: 'reminder-2', status: 'skipped', reason: 'no-consent', channel: 'sms', at: at(3) });
    for (const name of ['dan', 'eve']) {
      // A step before its entry (outcomes may arrive out of order): the entry is made, then corrected.
      await outcome(journeyId, id(name), { step: 'reminder-1', status: 'skipped', reason: 'holdout', channel: 'email', at: at(0.1) });
      await outcome(journeyId, id(name), { step: 'entry', status: 'entered', arm: 'holdout', at: at(0) });
    }
    await outcome(journeyId, id('ann'), { step: 'end', status: 'exited', reason: 'converted', at: at(1) });
    await outcome(journeyId, id('bob'), { step: 'end', status: 'completed', at: at(5) });

    // Ann clicks her reminder twice (one clicked entry), then orders.
    for (const click of ['one', 'two'])
      await db.query(
        `insert into message_engagement (event_id, customer_id, journey_id, workflow_id, step, channel, kind, url, at)
         values ($1, $2, $3, $4, 'reminder-1', 'email', 'click', 'https://shop.example/cart', $5)`,
        [uniqueId(click), id('ann'), journeyId, `journey/${journeyId}/${id('ann')}/once`, at(0.5)],
      );
    await order(id('ann'), 50_00, 1); // converted, credited to reminder-1
    await order(id('ann'), 30_00, 9); // after the 7-day window: not the journey's
    await order(id('bob'), 99_00, -1); // before entering: not the journey's
    await order(id('dan'), 20_00, 2, { refunded: 5_00 }); // holdout converts, 15.00 net
    await order(id('eve'), 40_00, 2, { status: 'cancelled' }); // cancelled: no conversion

    const report = await journeyReport(db, { journeyId, now: new Date(at(20)) });
    assert.equal(report.attributionWindow, '7 days');
    assert.deepEqual(report.funnel.steps, [
      { step: 'reminder-1', sent: 3, skipped: { holdout: 2 }, failed: 0, cancelled: 0, clicked: 1 },
      { step: 'reminder-2', sent: 0, skipped: { 'no-consent': 1 }, failed: 0, cancelled: 0, clicked: 0 },
    ]);
    assert.equal(report.funnel.entered, 5);
    assert.equal(report.funnel.clicked, 1);
    assert.equal(report.funnel.converted, 2);
    assert.deepEqual(report.treated, { customers: 3, converted: 1, conversionRate: 1 / 3, revenue: 50, revenuePerCustomer: 50 / 3 });
    assert.deepEqual(report.holdout, { customers: 2, converted: 1, conversionRate: 0.5, revenue: 15, revenuePerCustomer: 7.5 });
    assert.ok(report.lift, 'a holdout is compared');
    assert.equal(report.lift.incrementalRevenue, (50 / 3 - 7.5) * 3);
    assert.match(report.lift.verdict, /too early|no difference|wait/i);
    assert.deepEqual(
      report.conversionsByStep.map(({ step, conversions }) => [step, conversions]),
      [['reminder-1', 2]],
    );
    assert.deepEqual(report.exits, { converted: 1, completed: 1 });
    // Cat, Dan and Eve are still in it (no end recorded): where each is now.
    assert.deepEqual(report.activeByStep, { 'reminder-2': 1, 'reminder-1': 2 });
    assert.deepEqual(report.daily, [
      { day: '2026-10-02', treated: 1, holdout: 0, revenue: 50 },
      { day: '2026-10-03', treated: 0, holdout: 1, revenue: 15 },
    ]);
    // As `journeys report` prints it.
    const table = reportTable(report).join('\n');
    assert.match(table, /reminder-1 +3 sent, 1 clicked; skipped: 2 holdout/);
    assert.match(table, /treated +3 customers +33\.3% converted +\$16\.67 per customer/);
    assert.match(table, /incremental revenue: \$27\.50/);
    assert.deepEqual(reportCsv(report).slice(0, 1), [
      'journey,group,customers,converted,conversion_rate,revenue,revenue_per_customer,difference,ci_lower,ci_upper,p_value,revenue_p_value',
    ]);
    assert.match(reportCsv(report)[2]!, new RegExp(`^${journeyId},holdout,2,1,0\\.5,15,7\\.5,,,,,$`));
    // A visitor who entered, logged in (merged into a customer: their orders are the customer's), then ordered: converted.
    const visitor = id('visitor');
    await outcome(journeyId, visitor, { step: 'entry', status: 'entered', arm: 'treated', at: at(0) });
    await db.query(`insert into customer_identities (merged_id, customer_id, merged_at, event_id) values ($1, $2, $3, $4)`, [
      visitor,
      id('frank'),
      at(0.2),
      uniqueId('merge'),
    ]);
    await order(id('frank'), 10_00, 0.5);
    const withVisitor = await journeyReport(db, { journeyId, now: new Date(at(20)) });
    assert.deepEqual(withVisitor.treated, { customers: 4, converted: 2, conversionRate: 0.5, revenue: 60, revenuePerCustomer: 15 });

    // A window that ends before the entries holds nobody.
    assert.equal((await journeyReport(db, { journeyId, now: new Date(at(-1)) })).funnel.entered, 0);
  });

  it('reports a known effect (holdout 4%, treated 6%, 5,000 each) inside its 95% interval, with p < 0.05', async () => {
    const journeyId = uniqueId('experiment');
    const random = seededRandom(15);
    const rows = Array.from({ length: 10_000 }, (_, i) => {
      const arm = i % 2 === 0 ? 'treated' : 'holdout';
      return { customerId: `${journeyId}-${i}`, arm, converts: random() < (arm === 'treated' ? 0.06 : 0.04) };
    });
    await db.query(
      `insert into journey_entries (workflow_id, customer_id, journey_id, arm, entered_at, current_step_at)
       select 'journey/' || $1 || '/' || c, c, $1, a, $2, $2 from unnest($3::text[], $4::text[]) as t(c, a)`,
      [journeyId, at(0), rows.map((row) => row.customerId), rows.map((row) => row.arm)],
    );
    const converted = rows.filter((row) => row.converts);
    await db.query(
      `insert into orders (order_id, customer_id, status, total_amount, currency, completed_at, updated_at)
       select 'order-' || c, c, 'completed', 2500, 'USD', $1, $1 from unnest($2::text[]) as c`,
      [at(2), converted.map((row) => row.customerId)],
    );
    const report = await journeyReport(db, { journeyId, now: new Date(at(10)) });
    const { conversion } = report.lift!;
    assert.equal(report.treated.customers, 5_000);
    assert.equal(report.holdout.customers, 5_000);
    assert.ok(conversion.pValue! < 0.05, `p = ${conversion.pValue}`);
    assert.ok(conversion.interval!.lower <= 0.02 && 0.02 <= conversion.interval!.upper, JSON.stringify(conversion.interval));
    assert.match(report.lift!.verdict, /works/);
  });
});
