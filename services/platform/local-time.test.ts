/** Local dates and times in a customer's zone: DST, zones either side of UTC, and 29 February. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { instantOfLocalTime, localDateOf, nextAnniversary, nextYearlyLocalTime, yearlyDateIn } from './local-time.ts';

const NINE = 9 * 60;

describe('local dates', () => {
  it('finds 09:00 on a date in zones either side of UTC, in summer and in winter time', () => {
    assert.equal(instantOfLocalTime({ year: 2027, month: 1, day: 15 }, NINE, 'Europe/Paris').toISOString(), '2027-01-15T08:00:00.000Z');
    assert.equal(instantOfLocalTime({ year: 2027, month: 7, day: 15 }, NINE, 'Europe/Paris').toISOString(), '2027-07-15T07:00:00.000Z');
    assert.equal(
      instantOfLocalTime({ year: 2027, month: 7, day: 15 }, NINE, 'America/Los_Angeles').toISOString(),
      '2027-07-15T16:00:00.000Z',
    );
    assert.equal(
      instantOfLocalTime({ year: 2027, month: 7, day: 15 }, NINE, 'Pacific/Kiritimati').toISOString(),
      '2027-07-14T19:00:00.000Z',
    );
    assert.equal(
      instantOfLocalTime({ year: 2027, month: 7, day: 15 }, NINE, 'Pacific/Pago_Pago').toISOString(),
      '2027-07-15T20:00:00.000Z',
    );
  });

  it('moves a time in the spring-forward gap an hour on, and keeps the day of a DST change', () => {
    // Paris skips 02:00–03:00 on 28 March 2027.
    assert.equal(
      instantOfLocalTime({ year: 2027, month: 3, day: 28 }, 2 * 60 + 30, 'Europe/Paris').toISOString(),
      '2027-03-28T01:30:00.000Z',
    );
    assert.equal(instantOfLocalTime({ year: 2027, month: 3, day: 28 }, NINE, 'Europe/Paris').toISOString(), '2027-03-28T07:00:00.000Z');
    assert.equal(instantOfLocalTime({ year: 2027, month: 10, day: 31 }, NINE, 'Europe/Paris').toISOString(), '2027-10-31T08:00:00.000Z');
  });

  it("reads the customer's calendar date, not UTC's", () => {
    assert.deepEqual(localDateOf(new Date('2027-03-01T04:30:00Z'), 'America/New_York'), { year: 2027, month: 2, day: 28 });
    assert.deepEqual(localDateOf(new Date('2027-03-01T04:30:00Z'), 'Asia/Tokyo'), { year: 2027, month: 3, day: 1 });
  });

  it('puts 29 February on 28 February in other years', () => {
    assert.deepEqual(yearlyDateIn(2027, 2, 29), { year: 2027, month: 2, day: 28 });
    assert.deepEqual(yearlyDateIn(2028, 2, 29), { year: 2028, month: 2, day: 29 });
    assert.deepEqual(yearlyDateIn(2100, 2, 29), { year: 2100, month: 2, day: 28 }, 'not a leap year');
    assert.deepEqual(yearlyDateIn(2000, 2, 29), { year: 2000, month: 2, day: 29 });
  });

  it('finds the next yearly 09:00 after a moment: this year until it has passed, then the next', () => {
    const leapling = { month: 2, day: 29 };
    const next = (after: string, zone = 'Europe/Paris') => {
      const { at, year } = nextYearlyLocalTime(leapling, NINE, zone, new Date(after));
      return [at.toISOString(), year];
    };
    assert.deepEqual(next('2027-01-10T00:00:00Z'), ['2027-02-28T08:00:00.000Z', 2027]);
    assert.deepEqual(next('2027-02-28T08:00:00Z'), ['2028-02-29T08:00:00.000Z', 2028], 'the moment itself has passed');
    assert.deepEqual(next('2027-02-28T07:59:00Z'), ['2027-02-28T08:00:00.000Z', 2027]);
    // 31 December in Kiritimati (UTC+14) is still 30 December in UTC at 09:00 local.
    assert.deepEqual(
      [nextYearlyLocalTime({ month: 12, day: 31 }, NINE, 'Pacific/Kiritimati', new Date('2027-12-30T12:00:00Z')).at.toISOString()],
      ['2027-12-30T19:00:00.000Z'],
    );
    assert.deepEqual(
      [nextYearlyLocalTime({ month: 1, day: 1 }, NINE, 'Pacific/Pago_Pago', new Date('2028-01-01T12:00:00Z')).at.toISOString()],
      ['2028-01-01T20:00:00.000Z'],
      'already 1 January in UTC, not yet 09:00 there',
    );
  });

  it("dates an anniversary by the customer's calendar, and never on the day itself", () => {
    const signedUp = '2027-03-01T23:30:00Z'; // 08:30 on 2 March in Tokyo
    assert.deepEqual(nextAnniversary({ of: { since: signedUp }, time: '09:00', after: signedUp }, 'Asia/Tokyo'), {
      at: '2028-03-02T00:00:00.000Z',
      year: 2028,
    });
    assert.deepEqual(nextAnniversary({ of: { monthDay: '03-02' }, time: '09:00', after: signedUp }, 'Asia/Tokyo'), {
      at: '2027-03-02T00:00:00.000Z',
      year: 2027,
    });
    assert.throws(
      () => nextAnniversary({ of: { monthDay: '13-01' }, time: '09:00', after: signedUp }, 'UTC'),
      /"13-01" is not a month and day/,
    );
  });
});
