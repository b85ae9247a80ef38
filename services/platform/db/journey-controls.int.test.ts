/**
 * What operators set per journey, on the real PostgreSQL: switching on and off, parameters
 * merged and reset, each without touching the kill switch, and read back as the journey's
 * settings activity reads them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createJourneySettingsActivities } from '../../../activities/journey-settings.ts';
import { uniqueId } from '../../../test/support/fixtures.ts';
import { loadConfig } from '../config.ts';
import { journeySettings, journeyState, setJourneyEnabled, setJourneyParameters, setJourneyState } from './journey-controls.ts';
import { migrate } from './migrate.ts';
import { createDb } from './pool.ts';

const db = createDb(loadConfig().databaseUrl);
const journeyIds: string[] = [];
const journeyId = () => {
  const id = uniqueId('journey');
  journeyIds.push(id);
  return id;
};

before(() => migrate(db));
after(async () => {
  await db.query('delete from journey_controls where journey_id = any($1)', [journeyIds]);
  await db.end();
});

describe('journey controls', () => {
  it('a journey nobody set is enabled, active, with its defaults', async () => {
    const id = journeyId();
    assert.deepEqual(await createJourneySettingsActivities({ db }).readJourneySettings(id), { enabled: true, parameters: {} });
    assert.equal(await journeyState(db, id), 'active');
  });

  it('disabling leaves the kill switch alone, and pausing leaves it disabled', async () => {
    const id = journeyId();
    await setJourneyState(db, id, 'paused');
    await setJourneyEnabled(db, id, false);
    assert.equal(await journeyState(db, id), 'paused');
    await setJourneyState(db, id, 'active');
    assert.equal((await journeySettings(db, id)).enabled, false);
    await setJourneyEnabled(db, id, true);
    assert.equal((await journeySettings(db, id)).enabled, true);
  });

  it('parameters merge into those set before, and a reset drops them back to the default', async () => {
    const id = journeyId();
    await setJourneyParameters(db, id, { delayDays: 5 });
    await setJourneyParameters(db, id, { pool: 'wb-fr' });
    assert.deepEqual((await journeySettings(db, id)).parameters, { delayDays: 5, pool: 'wb-fr' });
    await setJourneyParameters(db, id, { delayDays: 6 }, ['pool']);
    assert.deepEqual((await journeySettings(db, id)).parameters, { delayDays: 6 });
    const fresh = journeyId();
    await setJourneyParameters(db, fresh, { pool: 'x' }, ['pool']);
    assert.deepEqual((await journeySettings(db, fresh)).parameters, {}, 'a reset wins over a value in the same command');
    assert.equal((await journeySettings(db, id)).enabled, true);
  });
});
