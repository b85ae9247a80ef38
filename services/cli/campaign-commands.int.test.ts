/**
 * `journeys campaigns list` on the real PostgreSQL, in a database of the test's own: a
 * campaign that cannot work as written is listed with each of its problems, beside the
 * windows of the places the calendar can read, and the others as they are.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createScratchDatabase } from '../../test/support/scratch-database.ts';
import { defineHolidayCampaign } from '../../workflows/campaigns/define.ts';
import { boxingDay } from '../../workflows/campaigns/index.ts';
import { loadConfig } from '../platform/config.ts';
import { setJourneyState } from '../platform/db/journey-controls.ts';
import { migrate } from '../platform/db/migrate.ts';
import { createDb, type Db } from '../platform/db/pool.ts';
import { campaignListing } from './campaign-commands.ts';

const config = loadConfig();
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let db: Db;

before(async () => {
  scratch = await createScratchDatabase(config.databaseUrl, 'campaign_list_test');
  db = createDb(scratch.url);
  await migrate(db);
});
after(async () => {
  await db?.end();
  await scratch?.drop();
});

describe('journeys campaigns list', () => {
  it('shows each problem of a campaign that cannot work, beside the windows it can still open', async () => {
    const broken = defineHolidayCampaign({
      id: 'epiphany-sale',
      description: 'Epiphany where it is a holiday, one region misspelt, opening after the day',
      holiday: 'Epiphany',
      where: ['DE-BY', 'DE-XX'],
      opensDaysBefore: -1,
      sendAt: '09:00',
      couponPool: 'epiphany',
      template: 'boxing-day',
    });
    await setJourneyState(db, boxingDay.id, 'paused');
    const rows = await campaignListing(db, [boxingDay, broken], '2027-01-02');
    assert.deepEqual(rows, [
      {
        id: 'boxing-day',
        holiday: 'Boxing Day',
        where: ['GB', 'AU', 'CA-ON'],
        state: 'paused',
        windows: [
          { place: 'GB', holidayOn: '2027-12-26', opensOn: '2027-12-26' },
          { place: 'AU', holidayOn: '2027-12-26', opensOn: '2027-12-26' },
          { place: 'CA-ON', holidayOn: '2027-12-26', opensOn: '2027-12-26' },
        ],
        problems: [],
      },
      {
        id: 'epiphany-sale',
        holiday: 'Epiphany',
        where: ['DE-BY', 'DE-XX'],
        state: 'active',
        windows: [{ place: 'DE-BY', holidayOn: '2027-01-06', opensOn: '2027-01-07' }],
        problems: [
          'opensDaysBefore is -1: a window opens a whole number of days before its holiday, or on it (0)',
          'no holiday calendar for the region DE-XX',
        ],
      },
    ]);
  });
});
