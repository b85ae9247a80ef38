/**
 * A worker starting with a holiday campaign the calendar cannot place logs the problem as an
 * error naming the campaign, and does not throw; the shipped campaigns log nothing.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createLogger } from '../../platform/logger.ts';
import { defineHolidayCampaign } from '../../../workflows/campaigns/define.ts';
import { holidayCampaigns } from '../../../workflows/campaigns/index.ts';
import { logCampaignProblems } from './campaign-check.ts';

function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger('info', {}, destination), lines };
}

describe('holiday campaigns checked at worker boot', () => {
  it('logs each problem as an error naming the campaign, without throwing', () => {
    const { logger, lines } = capturedLogger();
    const misspelt = defineHolidayCampaign({
      id: 'fete-des-peres',
      description: 'a campaign with a country and a holiday the calendar does not know',
      holiday: "Father's Day",
      where: ['FR', 'XX'],
      opensDaysBefore: 7,
      sendAt: '10:00',
      couponPool: 'fete-des-peres',
      template: 'fete-des-meres',
    });
    logCampaignProblems(logger, [...holidayCampaigns, misspelt], '2027-01-15');
    assert.deepEqual(
      lines.map(({ level, campaignId, problem }) => ({ level, campaignId, problem })),
      [
        { level: 'error', campaignId: 'fete-des-peres', problem: 'no holiday calendar for the country XX (XX)' },
        // date-holidays has no Father's Day for France: the campaign would open nothing there.
        { level: 'error', campaignId: 'fete-des-peres', problem: `FR does not keep "Father's Day" in the year from 2027-01-15` },
      ],
    );
  });

  it('logs nothing for the shipped campaigns', () => {
    const { logger, lines } = capturedLogger();
    assert.deepEqual(logCampaignProblems(logger, holidayCampaigns, new Date().toISOString().slice(0, 10)), []);
    assert.deepEqual(lines, []);
  });
});
