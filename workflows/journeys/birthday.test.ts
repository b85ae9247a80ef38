/**
 * Birthdays on the time-skipping test server with in-memory activities: 09:00 on the day in
 * the customer's zone, every year; the postcard a week ahead for high-value customers with
 * an address, with the email's code; 29 February on 28 February in other years; a changed
 * birthday ends the run; the holdout recorded, not sent.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { instantOfLocalTime, localDateOf, nextYearlyLocalTime, yearlyDateIn } from '../../services/platform/local-time.ts';
import { customerEvent, uniqueId } from '../../test/support/fixtures.ts';
import { createMockActivities, type MockCustomer } from '../../test/support/mock-activities.ts';
import { startWorkflowTestbed, type WorkflowTestbed } from '../../test/support/workflow-testbed.ts';
import { assignArm } from '../lib/assignment.ts';
import { birthday } from './birthday.ts';

const DAY = 86_400_000;
const NINE = 9 * 60;
const ZONE = 'America/New_York';
const customers: Record<string, MockCustomer> = {};
const mocks = createMockActivities(customers);
let bed: WorkflowTestbed;

before(async () => (bed = await startWorkflowTestbed('birthday-unit', () => mocks.activities)));
after(() => bed?.stop());

function celebrant(customer: Omit<MockCustomer, 'consent'> & { holdout?: boolean }): string {
  for (;;) {
    const customerId = uniqueId('celebrant');
    if (assignArm(customerId, birthday.id, birthday).holdout !== (customer.holdout ?? false)) continue;
    customers[customerId] = { consent: ['email', 'direct_mail'], timeZone: ZONE, ...customer };
    return customerId;
  }
}

/** '--MM-DD' of the day `days` from the test server's now, in the customer's zone. */
async function birthdayIn(days: number): Promise<string> {
  const { month, day } = localDateOf(new Date((await bed.env.currentTimeMs()) + days * DAY), ZONE);
  return `--${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

async function identify(customerId: string) {
  const date = customers[customerId]!.birthday!;
  return bed.startJourney(birthday, customerId, date.slice(-5), customerEvent(customerId, 'Identify', { birthday: date }));
}

/** To 10 s (rounded): an activity's round trip (slow on a loaded machine) adds to the journey's clock. */
const tenSeconds = (ms: number) => Math.round(ms / 10_000);
const sent = (customerId: string) => mocks.sendsOf(customerId).map((send) => [send.step, send.channel, send.status, tenSeconds(send.at)]);

describe('birthday (in-memory activities)', () => {
  it('emails at 09:00 on the day in the customer’s zone, every year, with a postcard a week ahead for high-value customers', async () => {
    const date = await birthdayIn(20);
    const customerId = celebrant({ birthday: date, segments: ['high-value'] });
    const now = new Date(await bed.env.currentTimeMs());
    const thisYear = nextYearlyLocalTime({ month: Number(date.slice(2, 4)), day: Number(date.slice(5)) }, NINE, ZONE, now);
    const handle = await identify(customerId);
    await bed.env.sleep(`${20 + 366} days`);
    const nextYear = thisYear.year + 1;
    const nextDay = instantOfLocalTime(yearlyDateIn(nextYear, Number(date.slice(2, 4)), Number(date.slice(5))), NINE, ZONE);
    assert.deepEqual(sent(customerId), [
      [`birthday-postcard-${thisYear.year}`, 'direct_mail', 'sent', tenSeconds(thisYear.at.getTime() - 7 * DAY)],
      [`birthday-${thisYear.year}`, 'email', 'sent', tenSeconds(thisYear.at.getTime())],
      [`birthday-postcard-${nextYear}`, 'direct_mail', 'sent', tenSeconds(nextDay.getTime() - 7 * DAY)],
      [`birthday-${nextYear}`, 'email', 'sent', tenSeconds(nextDay.getTime())],
    ]);
    const codes = mocks.sendsOf(customerId).map((send) => send.coupon);
    assert.deepEqual(codes, [
      `CODE-birthday-birthday-coupon-${thisYear.year}`,
      `CODE-birthday-birthday-coupon-${thisYear.year}`,
      `CODE-birthday-birthday-coupon-${nextYear}`,
      `CODE-birthday-birthday-coupon-${nextYear}`,
    ]);
    await handle.terminate();
  });

  it('sends no postcard to a customer who is not high-value, has no address, or entered too close to the day', async () => {
    const date = await birthdayIn(20);
    const regular = celebrant({ birthday: date });
    const noAddress = celebrant({ birthday: date, segments: ['high-value'], reachableOn: ['email'] });
    const late = celebrant({ birthday: await birthdayIn(3), segments: ['high-value'] });
    const handles = await Promise.all([regular, noAddress, late].map(identify));
    await bed.env.sleep('25 days');
    for (const customerId of [regular, noAddress, late]) {
      assert.deepEqual(
        mocks.sendsOf(customerId).map((send) => [send.channel, send.status, send.coupon?.startsWith('CODE-birthday-birthday-coupon-')]),
        [['email', 'sent', true]],
        customerId,
      );
    }
    await Promise.all(handles.map((handle) => handle.terminate()));
  });

  it('celebrates 29 February on 28 February in other years, and on the 29th in a leap year', async () => {
    const customerId = celebrant({ birthday: '2000-02-29' });
    const handle = await identify(customerId);
    await bed.env.sleep(`${4 * 366} days`);
    const days = mocks.sendsOf(customerId).map((send) => {
      const { year, month, day } = localDateOf(new Date(send.at), ZONE);
      return [year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0), `${month}-${day}`, new Date(send.at).toISOString().slice(11, 16)];
    });
    assert.ok(days.length >= 4, `${days.length} birthdays in four years`);
    for (const [leap, monthDay] of days) assert.equal(monthDay, leap ? '2-29' : '2-28');
    assert.ok(days.some(([leap]) => leap) && days.some(([leap]) => !leap));
    assert.ok(
      days.every(([, , utc]) => utc === '14:00'),
      '09:00 in New York (winter time) is 14:00 UTC',
    );
    await handle.terminate();
  });

  it('leaves when the birthday changed, at its next date: the new date has its own run', async () => {
    const customerId = celebrant({ birthday: await birthdayIn(20) });
    const handle = await identify(customerId);
    await bed.env.sleep('2 days');
    customers[customerId]!.birthday = await birthdayIn(40);
    const result = await handle.result();
    assert.deepEqual(
      { outcome: result.outcome, reason: result.outcome === 'exited' && result.reason },
      { outcome: 'exited', reason: 'birthday-changed' },
    );
    assert.deepEqual(mocks.sendsOf(customerId), []);
  });

  it('records the holdout’s birthday without sending it', async () => {
    const customerId = celebrant({ birthday: await birthdayIn(10), holdout: true, segments: ['high-value'] });
    const handle = await identify(customerId);
    await bed.env.sleep('11 days');
    assert.deepEqual(
      mocks.sendsOf(customerId).map((send) => [send.channel, send.status]),
      [
        ['direct_mail', 'skipped'],
        ['email', 'skipped'],
      ],
    );
    assert.equal(mocks.assignments.find((assignment) => assignment.customerId === customerId)?.holdout, true);
    await handle.terminate();
  });

  it('switched off, still takes in a customer who tells their birthday: that year is skipped, the next celebrated once on again', async () => {
    const date = await birthdayIn(20);
    const customerId = celebrant({ birthday: date });
    const now = new Date(await bed.env.currentTimeMs());
    const thisYear = nextYearlyLocalTime({ month: Number(date.slice(2, 4)), day: Number(date.slice(5)) }, NINE, ZONE, now).year;
    mocks.setJourney(birthday.id, { enabled: false, parameters: {} });
    try {
      const handle = await identify(customerId);
      await bed.env.sleep('30 days');
      assert.deepEqual(
        mocks.sendsOf(customerId).map((send) => [send.step, send.reason ?? send.status, send.coupon]),
        [[`birthday-${thisYear}`, 'journey-disabled', undefined]],
        'the year passes without a message or a coupon',
      );
      assert.equal((await handle.describe()).status.name, 'RUNNING', 'the customer is still in, for the years to come');
      mocks.setJourney(birthday.id, { enabled: true, parameters: {} });
      await bed.env.sleep('366 days');
      assert.deepEqual(
        mocks.sendsOf(customerId).map((send) => [send.step, send.reason ?? send.status, send.coupon]),
        [
          [`birthday-${thisYear}`, 'journey-disabled', undefined],
          [`birthday-${thisYear + 1}`, 'sent', `CODE-birthday-birthday-coupon-${thisYear + 1}`],
        ],
      );
      await handle.terminate();
    } finally {
      mocks.setJourney(birthday.id, { enabled: true, parameters: {} });
    }
  });
});
