/**
 * Campaigns that cannot work, named all at once: a place the holiday calendar does not know,
 * a holiday a place does not keep in the coming year, windows out of order or on top of
 * each other; the shipped campaigns have none.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testCampaign } from '../../../test/support/test-campaign.ts';
import { holidayCampaigns } from '../../../workflows/campaigns/index.ts';
import { campaignProblems, ownProblems } from './campaign-problems.ts';

const campaign = testCampaign;
const problemsOf = (...campaigns: ReturnType<typeof campaign>[]) =>
  campaignProblems(campaigns, '2027-01-15').map(({ campaignId, problem }) => `${campaignId}: ${problem}`);

describe('holiday campaign problems', () => {
  it('finds none in the shipped campaigns, this year or the next', () => {
    assert.deepEqual(campaignProblems(holidayCampaigns, '2027-01-15'), []);
    assert.deepEqual(campaignProblems(holidayCampaigns, '2028-06-30'), []);
  });

  it('names each place the calendar cannot read, and each that does not keep the holiday in the coming year', () => {
    const wrong = campaign({ holiday: 'Mothers Day', where: ['FR', 'CA-ZZ', 'CA-ON', 'CA', 'XX', 'fr'] });
    assert.deepEqual(problemsOf(wrong), [
      'test-campaign: CA-ZZ is inside CA, which it lists too',
      'test-campaign: CA-ON is inside CA, which it lists too',
      'test-campaign: fr is not a country (FR) or a region (CA-ON)',
      'test-campaign: no holiday calendar for the region CA-ZZ',
      'test-campaign: no holiday calendar for the country XX (XX)',
      'test-campaign: FR does not keep "Mothers Day" in the year from 2027-01-15',
      'test-campaign: CA-ON does not keep "Mothers Day" in the year from 2027-01-15',
      'test-campaign: CA does not keep "Mothers Day" in the year from 2027-01-15',
    ]);
    // A real holiday, but not one Britain keeps: Mothering Sunday is, on another date.
    assert.deepEqual(problemsOf(campaign({ holiday: 'Thanksgiving Day', where: ['US', 'GB'] })), [
      'test-campaign: GB does not keep "Thanksgiving Day" in the year from 2027-01-15',
    ]);
  });

  it('names windows out of order: opening after the holiday, or at no time of day', () => {
    assert.deepEqual(problemsOf(campaign({ opensDaysBefore: -2, sendAt: '25:00' })), [
      'test-campaign: opensDaysBefore is -2: a window opens a whole number of days before its holiday, or on it (0)',
      'test-campaign: sendAt "25:00" is not a time of day (HH:MM)',
    ]);
  });

  it("names a window that opens before the last year's holiday, and campaigns whose windows overlap for the same customers", () => {
    assert.deepEqual(problemsOf(campaign({ opensDaysBefore: 400 })).slice(0, 1), [
      'test-campaign: in FR the 2028 window opens (2027-04-24) before the 2027 holiday (2027-05-30)',
    ]);
    const gifts = campaign({ id: 'gifts-for-mothers', where: ['FR', 'US'] });
    const ontario = campaign({ id: 'ontario-mothers', where: ['CA-ON'], opensDaysBefore: 3 });
    const northAmerica = campaign({ id: 'north-america-mothers', where: ['CA'] });
    assert.deepEqual(problemsOf(gifts, ontario, northAmerica), [
      "ontario-mothers: its window (CA-ON 2027-05-06..2027-05-09) overlaps north-america-mothers's (CA 2027-05-02..2027-05-09)",
      "north-america-mothers: its window (CA 2027-05-02..2027-05-09) overlaps ontario-mothers's (CA-ON 2027-05-06..2027-05-09)",
    ]);
    // One campaign's own problems, as the nightly run checks them: overlaps with others are not its alone.
    assert.deepEqual(ownProblems(ontario, '2027-01-15'), []);
  });
});
