/**
 * Points-expiry reminders on the time-skipping test server with in-memory activities: an
 * email exactly 30 and 7 days before the points expire, a card in the post with the first
 * for a balance over the threshold only; points used before a reminder end the run; the
 * holdout's reminders are recorded, not sent; a weekly earner's runs whose points an earlier
 * reminder announced stay silent, and those it did not announce still remind.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { customerEvent, uniqueId } from '../../test/support/fixtures.ts';
import { createMockActivities, type MockCustomer } from '../../test/support/mock-activities.ts';
import { startWorkflowTestbed, type WorkflowTestbed } from '../../test/support/workflow-testbed.ts';
import { expiryWeekOf } from '../../schemas/loyalty.ts';
import { assignArm } from '../lib/assignment.ts';
import { triggerKeyOf } from '../lib/journey-descriptor.ts';
import { loyaltyPointsExpiry } from './loyalty-points-expiry.ts';

const DAY = 86_400_000;
const customers: Record<string, MockCustomer> = {};
const mocks = createMockActivities(customers);
let bed: WorkflowTestbed;

before(async () => (bed = await startWorkflowTestbed('loyalty-points-expiry-unit', () => mocks.activities)));
after(() => bed?.stop());

/** A member on the chosen side of the holdout, with marketing consent by email and post. */
function member({ holdout = false } = {}): string {
  for (;;) {
    const customerId = uniqueId('member');
    if (assignArm(customerId, loyaltyPointsExpiry.id, loyaltyPointsExpiry).holdout !== holdout) continue;
    customers[customerId] = { consent: ['email', 'direct_mail'], pointLots: [] };
    return customerId;
  }
}

/**
 * Points earned now on the test server's clock, expiring in 365 days, held in the customer's
 * ledger; `alsoThatWeek` points earned another day of that week, 12 months ago, expiring with them.
 */
async function earn(customerId: string, points: number, { alsoThatWeek = 0 } = {}) {
  const now = await bed.env.currentTimeMs();
  const expiresAt = new Date(now + 365 * DAY).toISOString();
  customers[customerId]!.pointLots!.push({ remaining: points, expiresAt });
  const monday = Date.parse(`${expiryWeekOf(expiresAt)}T00:00:00.000Z`);
  const otherDay = Date.parse(expiresAt) >= monday + 6 * DAY ? monday + 3_600_000 : monday + 6 * DAY + 3_600_000;
  if (alsoThatWeek > 0) customers[customerId]!.pointLots!.push({ remaining: alsoThatWeek, expiresAt: new Date(otherDay).toISOString() });
  const earned = {
    ...customerEvent(customerId, 'Loyalty Points Earned', {
      points,
      reason: 'purchase',
      order_id: uniqueId('order'),
      expires_at: expiresAt,
    }),
    occurredAt: new Date(now).toISOString(),
  };
  const handle = await bed.startJourney(loyaltyPointsExpiry, customerId, expiryWeekOf(expiresAt), earned);
  // The reminders go before the first of the week's points expires.
  return { handle, expiresAt: alsoThatWeek > 0 ? Math.min(Date.parse(expiresAt), otherDay) : Date.parse(expiresAt) };
}

/** Within 5 s: an activity's round trip (slow on a loaded machine) adds to the journey's clock. */
const near = (actual: number, expected: number, what: string) =>
  assert.ok(
    Math.abs(actual - expected) < 5_000,
    `${what} at ${new Date(actual).toISOString()}, expected ${new Date(expected).toISOString()}`,
  );

describe('loyalty points expiry (in-memory activities)', () => {
  it('runs once per week points expire: earnings expiring Monday and Sunday share a run, the next Monday starts another', () => {
    const expiring = (expiresAt: string) =>
      customerEvent('someone', 'Loyalty Points Earned', { points: 10, reason: 'purchase', expires_at: expiresAt });
    assert.deepEqual(
      ['2027-05-17T09:00:00.000Z', '2027-05-23T23:00:00.000Z', '2027-05-24T00:00:00.000Z'].map((at) =>
        triggerKeyOf(loyaltyPointsExpiry, expiring(at)),
      ),
      ['2027-05-17', '2027-05-17', '2027-05-24'],
    );
  });

  it('emails exactly 30 and 7 days before the points expire, and mails a card with the first for a balance over the threshold', async () => {
    const customerId = member();
    const { handle, expiresAt } = await earn(customerId, 1200, { alsoThatWeek: 300 });
    const result = await handle.result();
    assert.equal(result.outcome, 'completed');
    const sends = mocks.sendsOf(customerId);
    assert.deepEqual(
      sends.map((send) => [send.step, send.channel, send.template, send.status]),
      [
        ['points-expiring-30', 'email', 'loyalty-points-expiring', 'sent'],
        ['points-expiring-card-30', 'direct_mail', 'loyalty-points-expiring-card', 'sent'],
        ['points-expiring-7', 'email', 'loyalty-points-expiring', 'sent'],
      ],
    );
    assert.deepEqual([sends[0]!.facts?.points, sends[0]!.facts?.balance], [1500, 1500], "the week's points together");
    near(sends[0]!.at, expiresAt - 30 * DAY, 'the first reminder');
    near(sends[2]!.at, expiresAt - 7 * DAY, 'the last reminder');
  });

  it('sends no card for a balance under the threshold', async () => {
    const customerId = member();
    const { handle } = await earn(customerId, 300);
    await handle.result();
    assert.deepEqual(
      mocks.sendsOf(customerId).map((send) => [send.step, send.channel]),
      [
        ['points-expiring-30', 'email'],
        ['points-expiring-7', 'email'],
      ],
    );
  });

  it('ends without the last reminder once the expiring points were redeemed', async () => {
    const customerId = member();
    const { handle } = await earn(customerId, 1500);
    // Between the reminders: the customer spends the points at checkout.
    await bed.env.sleep(`${365 - 20} days`);
    customers[customerId]!.pointLots![0]!.remaining = 0;
    const result = await handle.result();
    assert.deepEqual(result.outcome === 'exited' && result.reason, 'points-used');
    assert.deepEqual(
      mocks.sendsOf(customerId).map((send) => send.step),
      ['points-expiring-30', 'points-expiring-card-30'],
    );
  });

  it('records the holdout’s reminders without sending them, and its assignment', async () => {
    const customerId = member({ holdout: true });
    const { handle } = await earn(customerId, 1200);
    const result = await handle.result();
    assert.equal(result.arm.holdout, true);
    assert.deepEqual(
      mocks.sendsOf(customerId).map((send) => [send.step, send.status]),
      [
        ['points-expiring-30', 'skipped'],
        ['points-expiring-card-30', 'skipped'],
        ['points-expiring-7', 'skipped'],
      ],
    );
    assert.equal(mocks.assignments.find((assignment) => assignment.customerId === customerId)?.holdout, true);
  });
  it('tells a weekly earner about once a month, each reminder announcing the points of the month from its first', async () => {
    const customerId = member();
    const runs: Awaited<ReturnType<typeof earn>>[] = [];
    // Half a year of weekly orders, 30 points each (a balance of 780: no card).
    for (let week = 0; week < 26; week += 1) {
      if (week > 0) await bed.env.sleep('7 days');
      runs.push(await earn(customerId, 30));
    }
    for (const { handle } of runs) assert.equal((await handle.result()).outcome, 'completed');
    const emails = mocks.sendsOf(customerId).filter((send) => send.channel === 'email');
    const sent = emails.filter((send) => send.status === 'sent');
    // The runs of weeks 0, 5, 10, 15, 20 and 25 remind twice each: 12 emails, where each week's own were 52.
    assert.equal(sent.length, 12);
    assert.deepEqual(
      emails.filter((send) => send.status !== 'sent').map((send) => send.reason),
      Array<string>(40).fill('covered-by-earlier-reminder'),
    );
    const iso = (week: number) => new Date(runs[week]!.expiresAt).toISOString();
    for (const step of ['points-expiring-30', 'points-expiring-7']) {
      assert.deepEqual(
        sent.filter((send) => send.step === step).map((send) => [send.facts?.points, send.facts?.expiresAt, send.facts?.lastExpiresAt]),
        [0, 5, 10, 15, 20, 25].map((week) => [week === 25 ? 30 : 150, iso(week), iso(Math.min(week + 4, 25))]),
        `${step}: the sum and the first and last day of the month's points`,
      );
    }
  });

  it('still reminds a run whose points no reminder that went out announced', async () => {
    const customerId = member();
    const { handle: first, expiresAt } = await earn(customerId, 100);
    await bed.env.sleep('7 days');
    const { handle: second, expiresAt: weekLater } = await earn(customerId, 100);
    // The first run's first reminder finds no consent; the second's finds it again.
    customers[customerId]!.consent = [];
    await bed.env.sleep(`${365 - 30 - 7 + 1} days`);
    customers[customerId]!.consent = ['email', 'direct_mail'];
    // One at a time: concurrent results unlock the test server's time skipping out of turn.
    await first.result();
    await second.result();
    assert.deepEqual(
      mocks.sendsOf(customerId).map((send) => [send.step, send.status, send.reason, send.facts?.expiresAt]),
      [
        ['points-expiring-30', 'skipped', 'no-consent', new Date(expiresAt).toISOString()],
        ['points-expiring-30', 'sent', undefined, new Date(weekLater).toISOString()],
        ['points-expiring-7', 'sent', undefined, new Date(expiresAt).toISOString()],
        ['points-expiring-7', 'skipped', 'covered-by-earlier-reminder', new Date(weekLater).toISOString()],
      ],
    );
  });

  it('covers the holdout’s reminders by their earlier recorded ones, as the treated’s', async () => {
    const customerId = member({ holdout: true });
    const runs: Awaited<ReturnType<typeof earn>>[] = [];
    for (let week = 0; week < 6; week += 1) {
      if (week > 0) await bed.env.sleep('7 days');
      runs.push(await earn(customerId, 30));
    }
    for (const { handle } of runs) await handle.result();
    const reasons = mocks.sendsOf(customerId).map((send) => send.reason);
    assert.deepEqual(
      [
        reasons.filter((reason) => reason === 'holdout').length,
        reasons.filter((reason) => reason === 'covered-by-earlier-reminder').length,
      ],
      [4, 8],
      'weeks 0 and 5 recorded for the holdout, twice each; weeks 1 to 4 covered',
    );
  });
});
