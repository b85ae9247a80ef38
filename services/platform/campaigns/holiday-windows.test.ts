/**
 * Campaign windows from the holiday calendar: one holiday on each place's own date, a
 * regional holiday only in its region, windows opening before a January holiday in
 * December, and campaigns that name a place or holiday the calendar does not know refused.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineHolidayCampaign, type HolidayCampaignSpec } from '../../../workflows/campaigns/define.ts';
import { boxingDay, holidayCampaigns, mothersDayNorthAmerica } from '../../../workflows/campaigns/index.ts';
import { campaignProblems, holidayDate, nextWindows, windowsOf, windowsOpeningOn } from './holiday-windows.ts';

const campaign = (spec: Partial<HolidayCampaignSpec>) =>
  defineHolidayCampaign({
    id: 'test-campaign',
    description: 'a campaign of the tests',
    holiday: "Mother's Day",
    where: ['FR'],
    opensDaysBefore: 7,
    sendAt: '10:00',
    couponPool: 'test-pool',
    template: 'mothers-day',
    ...spec,
  });

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

  it('finds no problem in the shipped campaigns, and names each in one that the calendar cannot place', () => {
    assert.deepEqual(campaignProblems(holidayCampaigns, 2027), []);
    const wrong = campaign({ holiday: 'Mothers Day', where: ['FR', 'CA-ZZ', 'CA-ON', 'CA', 'XX'] });
    assert.deepEqual(campaignProblems([wrong], 2027), [
      'test-campaign: FR does not keep "Mothers Day"',
      'test-campaign: no holiday calendar for the region CA-ZZ',
      'test-campaign: CA-ON is inside CA, which it lists too',
      'test-campaign: CA does not keep "Mothers Day"',
      'test-campaign: no holiday calendar for the country XX (XX)',
    ]);
    assert.throws(() => campaign({ where: ['fr'] }), /countries \(FR\) or regions \(CA-ON\)/);
  });
});
