/**
 * Campaign windows from the holiday calendar: one holiday on each place's own date, a
 * regional holiday only in its region, windows opening before a January holiday in
 * December, and windows due until their holiday is over.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testCampaign } from '../../../test/support/test-campaign.ts';
import { boxingDay, mothersDayNorthAmerica } from '../../../workflows/campaigns/index.ts';
import { holidayDate, nextWindows, windowsDue, windowsOf, windowsOpeningOn } from './holiday-windows.ts';

const campaign = testCampaign;

describe('holiday campaign windows', () => {
  it("puts one holiday on each country's own date: Mother's Day in France, the US and Britain", () => {
    assert.equal(holidayDate("Mother's Day", 'FR', 2027), '2027-05-30');
    assert.equal(holidayDate("Mother's Day", 'US', 2027), '2027-05-09');
    // Mothering Sunday, three weeks before Easter.
    assert.equal(holidayDate("Mother's Day", 'GB', 2027), '2027-03-07');
    assert.equal(holidayDate("Mother's Day", 'GB', 2028), '2028-03-26');
  });

  it('keeps a regional holiday in its region only: Epiphany in Bavaria, Boxing Day in Ontario', () => {
    assert.equal(holidayDate('Epiphany', 'DE-BY', 2027), '2027-01-06');
    assert.equal(holidayDate('Epiphany', 'DE', 2027), null);
    assert.equal(holidayDate('Boxing Day', 'CA-ON', 2027), '2027-12-26');
    assert.equal(holidayDate('Boxing Day', 'CA', 2027), null);
    const epiphany = campaign({ holiday: 'Epiphany', where: ['DE-BY', 'DE-BW', 'DE-NI'], opensDaysBefore: 2 });
    assert.deepEqual(
      windowsOf(epiphany, 2027).map((window) => [window.place, window.opensOn]),
      [
        ['DE-BY', '2027-01-04'],
        ['DE-BW', '2027-01-04'],
      ],
    );
  });

  it('opens each place on its own date, the days before the holiday the campaign says', () => {
    const both = campaign({ where: ['FR', 'US'] });
    assert.deepEqual(windowsOf(both, 2027), [
      { campaignId: 'test-campaign', place: 'FR', occurrence: '2027', holidayOn: '2027-05-30', opensOn: '2027-05-23' },
      { campaignId: 'test-campaign', place: 'US', occurrence: '2027', holidayOn: '2027-05-09', opensOn: '2027-05-02' },
    ]);
    assert.deepEqual(
      windowsOpeningOn(both, '2027-05-23').map((window) => window.place),
      ['FR'],
    );
    assert.deepEqual(windowsOpeningOn(both, '2027-05-24'), []);
    assert.deepEqual(
      windowsOpeningOn(boxingDay, '2027-12-26').map((window) => window.place),
      ['GB', 'AU', 'CA-ON'],
    );
  });

  it("opens next year's occurrence in December for a holiday early in January", () => {
    const newYear = campaign({ holiday: "New Year's Day", opensDaysBefore: 3 });
    assert.deepEqual(windowsOpeningOn(newYear, '2026-12-29'), [
      { campaignId: 'test-campaign', place: 'FR', occurrence: '2027', holidayOn: '2027-01-01', opensOn: '2026-12-29' },
    ]);
  });

  it('counts a window due from its opening day until its holiday is over on every calendar, so a missed night is caught up', () => {
    const due = (date: string) => windowsDue(boxingDay, date).map((window) => `${window.place} ${window.holidayOn}`);
    assert.deepEqual(due('2027-12-25'), []);
    assert.deepEqual(due('2027-12-26'), ['GB 2027-12-26', 'AU 2027-12-26', 'CA-ON 2027-12-26']);
    // The night before the 28th (UTC): the 26th still lasts west of UTC.
    assert.deepEqual(due('2027-12-28'), ['GB 2027-12-26', 'AU 2027-12-26', 'CA-ON 2027-12-26']);
    assert.deepEqual(due('2027-12-29'), []);
    // Across the new year: the window of 1 January opened in December is still due on the 2nd.
    const newYear = campaign({ holiday: "New Year's Day", opensDaysBefore: 3 });
    assert.deepEqual(
      windowsDue(newYear, '2027-01-02').map((window) => window.opensOn),
      ['2026-12-29'],
    );
  });

  it('finds, for an operator opening by hand, the next holiday per place on or after the date', () => {
    assert.deepEqual(
      nextWindows(mothersDayNorthAmerica, '2027-05-09').map((window) => [window.place, window.holidayOn]),
      [
        ['US', '2027-05-09'],
        ['CA', '2027-05-09'],
      ],
    );
    assert.deepEqual(
      nextWindows(mothersDayNorthAmerica, '2027-05-10').map((window) => window.occurrence),
      ['2028', '2028'],
    );
  });
});
