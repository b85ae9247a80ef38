/**
 * The loyalty activities on the real PostgreSQL: points expiring on a day, found through
 * the lot of a shop's earning that named no expiry; the tier outlook of a merged id as its
 * customer's; a points-expiry reminder covered by another run's that went out and announced
 * its points, and not by one that did not go out, or that counted before its points came.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createActivityDeps } from '../test/support/activity-deps.ts';
import { customerEvent, project, uniqueId } from '../test/support/fixtures.ts';
import { completeMessage, recordMessage } from '../services/platform/db/message-ledger.ts';

const deps = createActivityDeps('loyalty-activities');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** Mondays 10:00 UTC, a week apart, from 2027-05-17: when weekly earnings expire. */
const week = (n: number) => Date.parse('2027-05-17T10:00:00.000Z') + n * 7 * DAY;

/** 30 points a week for `weeks` weeks, earned a year before they expire. */
async function weeklyEarner(weeks: number): Promise<string> {
  const customerId = uniqueId('member');
  for (let n = 0; n < weeks; n += 1) {
    await project(deps.db, {
      ...customerEvent(customerId, 'Loyalty Points Earned', { points: 30, reason: 'purchase', expires_at: iso(week(n)) }),
      occurredAt: iso(week(n) - 365 * DAY),
    });
  }
  return customerId;
}

/** What the send gate would have left in the message ledger for a run's reminder. */
async function ledger(customerId: string, workflowId: string, step: string, decision: 'sent' | 'no-consent' | 'holdout') {
  const entry = {
    idempotencyKey: `${workflowId}/${step}`,
    customerId,
    journeyId: 'loyalty-points-expiry',
    workflowId,
    step,
    channel: 'email' as const,
    purpose: 'marketing' as const,
  };
  if (decision !== 'sent') return void (await recordMessage(deps.db, entry, { status: 'skipped', reason: decision }));
  await recordMessage(deps.db, entry, { status: 'sending', sentAt: new Date() });
  await completeMessage(deps.db, entry.idempotencyKey, { status: 'sent', providerMessageId: uniqueId('sent') });
}

/** The reminder 30 days before week `n`'s points of a run, announcing the 30 days from them. */
const reminder = (customerId: string, n: number, holdout = false) => ({
  customerId,
  workflowId: `loyalty-points-expiry/${customerId}/week-${n}`,
  step: 'points-expiring-30',
  first: iso(week(n)),
  last: iso(week(n)),
  until: iso(week(n) + 30 * DAY),
  holdout,
  at: iso(week(n) - 30 * DAY),
});
const activities = deps.activities();
before(() => deps.start());
after(() => deps.stop());

describe('loyalty activities', () => {
  it("finds the week a shop's earning expires from its lot, and nothing for a lot the ledger does not hold", async () => {
    const customerId = uniqueId('member');
    const earned = {
      ...customerEvent(customerId, 'Loyalty Points Earned', { points: 80, reason: 'social_share' }),
      occurredAt: '2026-03-10T08:00:00.000Z',
    };
    await project(deps.db, earned);
    assert.deepEqual(await activities.readExpiringPoints({ customerId, lotId: earned.eventId, at: '2026-12-01T00:00:00.000Z' }), {
      points: 80,
      expiresAt: '2027-03-10T08:00:00.000Z',
      lastExpiresAt: '2027-03-10T08:00:00.000Z',
      balance: 80,
    });
    assert.deepEqual(await activities.readExpiringPoints({ customerId, lotId: 'no-such-lot', at: '2026-12-01T00:00:00.000Z' }), {
      points: 0,
      expiresAt: null,
      lastExpiresAt: null,
      balance: 0,
    });
  });

  it("answers a merged id's tier outlook as its customer's", async () => {
    const customerId = uniqueId('member');
    const visitor = uniqueId('visitor');
    await project(
      deps.db,
      { ...customerEvent(customerId, 'Loyalty Points Earned', { points: 1600, reason: 'bonus' }), occurredAt: '2026-11-01T08:00:00.000Z' },
      customerEvent(customerId, 'Identities Merged', { merged_customer_id: visitor }),
    );
    const outlook = await activities.readTierOutlook({ customerId: visitor, at: '2026-12-01T00:00:00.000Z' });
    assert.deepEqual(outlook, {
      tier: 'silver',
      qualifying: 1600,
      heldUntil: '2027-11-01T08:00:00.000Z',
      neededToKeep: 1500,
      nextTier: { name: 'gold', needed: 3400 },
    });
  });

  it("covers a run's reminder by an earlier run's that went out announcing its points, and announces a month's from the first it does not cover", async () => {
    const customerId = await weeklyEarner(6);
    const first = await activities.decidePointsReminder(reminder(customerId, 0));
    assert.deepEqual(first, { covered: false, points: 150, expiresAt: iso(week(0)), lastExpiresAt: iso(week(4)), balance: 180 });
    await ledger(customerId, reminder(customerId, 0).workflowId, 'points-expiring-30', 'sent');
    assert.deepEqual(await activities.decidePointsReminder(reminder(customerId, 4)), {
      covered: true,
      by: reminder(customerId, 0).workflowId,
      until: iso(week(0) + 30 * DAY),
    });
    // Week 5 expires 35 days after week 0: outside its month, so reminded, of its own month's.
    assert.deepEqual(await activities.decidePointsReminder(reminder(customerId, 5)), {
      covered: false,
      points: 30,
      expiresAt: iso(week(5)),
      lastExpiresAt: iso(week(5)),
      balance: 150,
    });
  });

  it('does not count a reminder that did not go out, nor, for the treated, one recorded for the holdout', async () => {
    const refused = await weeklyEarner(2);
    await activities.decidePointsReminder(reminder(refused, 0));
    await ledger(refused, reminder(refused, 0).workflowId, 'points-expiring-30', 'no-consent');
    assert.equal((await activities.decidePointsReminder(reminder(refused, 1))).covered, false);

    const heldOut = await weeklyEarner(3);
    await activities.decidePointsReminder(reminder(heldOut, 0, true));
    await ledger(heldOut, reminder(heldOut, 0).workflowId, 'points-expiring-30', 'holdout');
    assert.equal((await activities.decidePointsReminder(reminder(heldOut, 1, true))).covered, true, 'the holdout as the treated');
    assert.equal((await activities.decidePointsReminder(reminder(heldOut, 2, false))).covered, false, 'nothing went out to the treated');
  });

  it('does not count a reminder that counted before the points were earned (a bonus inside its month)', async () => {
    const customerId = await weeklyEarner(1);
    await activities.decidePointsReminder(reminder(customerId, 0));
    await ledger(customerId, reminder(customerId, 0).workflowId, 'points-expiring-30', 'sent');
    // Earned a day after that reminder counted, expiring two weeks after its first.
    await project(deps.db, {
      ...customerEvent(customerId, 'Loyalty Points Earned', { points: 500, reason: 'bonus', expires_at: iso(week(2)) }),
      occurredAt: iso(week(0) - 29 * DAY),
    });
    assert.deepEqual(await activities.decidePointsReminder({ ...reminder(customerId, 2), at: iso(week(2) - 7 * DAY) }), {
      covered: false,
      points: 500,
      expiresAt: iso(week(2)),
      lastExpiresAt: iso(week(2)),
      balance: 500,
    });
  });
});
