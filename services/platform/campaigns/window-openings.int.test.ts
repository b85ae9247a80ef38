/**
 * Opening holiday campaign windows on the real PostgreSQL and Kafka, in a database of the
 * test's own (the opener pages through every customer it finds): only customers who live
 * where the holiday is kept get the event, a region by their address's state; a visitor
 * merged into a customer is not a second customer; opening twice writes the same event
 * ids, which the event store keeps once; a window a missed night left closed is opened by
 * the next run while its holiday lasts, and recorded once; a paused or stopped campaign
 * opens nothing, nor one that cannot work as written (the others still open).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Kafka, Producer } from 'kafkajs';
import { createCampaignActivities } from '../../../activities/campaigns.ts';
import type { CustomerEventEnvelope } from '../../../schemas/envelope.ts';
import { customerEvent, project, uniqueId } from '../../../test/support/fixtures.ts';
import { createScratchDatabase } from '../../../test/support/scratch-database.ts';
import { defineHolidayCampaign } from '../../../workflows/campaigns/define.ts';
import { boxingDay, feteDesMeres, holidayCampaigns } from '../../../workflows/campaigns/index.ts';
import { projectEvent } from '../../processes/projector/project-event.ts';
import { loadConfig } from '../config.ts';
import { setJourneyState } from '../db/journey-controls.ts';
import { migrate } from '../db/migrate.ts';
import { createDb, inTransaction, type Db } from '../db/pool.ts';
import { createKafka, createProducer } from '../kafka/client.ts';
import { createEventLogWriter, fromMessage } from '../kafka/customer-events.ts';
import { readToEnd } from '../kafka/read-to-end.ts';
import { createLogger } from '../logger.ts';
import { windowsOpeningOn } from './holiday-windows.ts';
import { openWindow } from './window-openings.ts';

const config = loadConfig();
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let db: Db;
let kafka: Kafka;
let producer: Producer;
let topic: string;

before(async () => {
  scratch = await createScratchDatabase(config.databaseUrl, 'campaigns_test');
  db = createDb(scratch.url);
  await migrate(db);
  kafka = createKafka(config.kafka.brokers, 'campaigns-test', createLogger('warn'));
  producer = createProducer(kafka);
  await producer.connect();
  // A topic of the test's own: the events it reads back are the opener's alone.
  topic = `campaigns-test-${randomUUID()}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
  await admin.disconnect();
});
after(async () => {
  await producer?.disconnect();
  await db?.end();
  await scratch?.drop();
});

const opener = () => createCampaignActivities({ db, events: createEventLogWriter(producer, topic), campaigns: holidayCampaigns });

async function written(): Promise<CustomerEventEnvelope[]> {
  const events: CustomerEventEnvelope[] = [];
  await readToEnd(kafka, topic, ({ messages }) => {
    for (const message of messages) {
      const checked = fromMessage(message);
      if (checked.ok) events.push(checked.value);
    }
    return Promise.resolve();
  });
  return events;
}

async function living(country: string, state?: string): Promise<string> {
  const customerId = uniqueId(`shopper-${country}${state ? `-${state}` : ''}`);
  const address = state ? { address: { street: '1 Main St', city: 'Town', state, postalCode: 'K1A 0A1', country } } : {};
  await project(db, customerEvent(customerId, 'Identify', { country, ...address }));
  return customerId;
}

describe('opening holiday campaign windows (PostgreSQL, Kafka)', () => {
  it('writes one event per customer where the holiday is kept, under the same ids however often it runs', async () => {
    const [paris, lyon, london, toronto, montreal] = [
      await living('FR'),
      await living('FR'),
      await living('GB'),
      await living('CA', 'ON'),
      await living('CA', 'QC'),
    ];
    // A French visitor who logged in as the Lyon customer: the same person, opened once.
    const visitor = await living('FR');
    await project(db, customerEvent(lyon, 'Identities Merged', { merged_customer_id: visitor }));

    const feteOpens = windowsOpeningOn(feteDesMeres, '2027-05-23')[0]?.opensOn;
    assert.equal(feteOpens, '2027-05-23', 'the window of 2027 opens a week before 30 May');
    const first = await opener().openHolidayCampaignWindows({ date: '2027-05-23' });
    assert.deepEqual(first, {
      date: '2027-05-23',
      windows: [{ campaignId: 'fete-des-meres', place: 'FR', occurrence: '2027', opensOn: '2027-05-23', customers: 2 }],
      skipped: [],
    });
    const boxing = await opener().openHolidayCampaignWindows({ date: '2027-12-26' });
    assert.deepEqual(
      boxing.windows.map((window) => [window.campaignId, window.place, window.customers]),
      [
        ['boxing-day', 'GB', 1],
        ['boxing-day', 'AU', 0],
        ['boxing-day', 'CA-ON', 1],
      ],
    );
    const once = await written();
    const byCampaign = (events: CustomerEventEnvelope[], campaignId: string) =>
      events
        .filter((event) => event.payload.campaign_id === campaignId)
        .map((event) => event.customerId)
        .sort();
    assert.deepEqual(byCampaign(once, feteDesMeres.id), [paris, lyon].sort());
    assert.deepEqual(byCampaign(once, boxingDay.id), [london, toronto].sort());
    assert.ok(!once.some((event) => event.customerId === montreal || event.customerId === visitor));
    const parisEvent = once.find((event) => event.customerId === paris)!;
    assert.equal(parisEvent.eventId, `campaign/fete-des-meres/2027/${paris}`);
    assert.deepEqual(parisEvent.payload, {
      campaign_id: 'fete-des-meres',
      occurrence: '2027',
      place: 'FR',
      holiday_on: '2027-05-30',
      opens_on: '2027-05-23',
    });

    // The next night's run leaves the window it opened alone; an operator opening it by hand
    // as well writes the same ids again.
    assert.deepEqual((await opener().openHolidayCampaignWindows({ date: '2027-05-24' })).windows, []);
    assert.equal((await written()).length, once.length);
    const [feteWindow] = windowsOpeningOn(feteDesMeres, '2027-05-23');
    // Each page written is reported (an activity heartbeats with it), the last customer id with it.
    const pages: { opened: number; lastCustomerId: string }[] = [];
    await openWindow({ db, log: createEventLogWriter(producer, topic) }, feteWindow!, new Date(), (page) => pages.push(page));
    assert.deepEqual(pages, [{ opened: 2, lastCustomerId: [paris, lyon].sort()[1] }]);
    const twice = await written();
    const ids = (events: CustomerEventEnvelope[]) =>
      events.filter((event) => event.payload.campaign_id === feteDesMeres.id).map((event) => event.eventId);
    assert.equal(ids(twice).length, 4);
    assert.deepEqual(new Set(ids(twice)), new Set(ids(once)));
    // What consumers make of it: the event store keeps each once.
    await inTransaction(db, async (client) => {
      for (const event of twice) await projectEvent(client, event);
    });
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from events where type = 'Campaign Window Opened' and payload->>'campaign_id' = $1`,
      [feteDesMeres.id],
    );
    assert.equal(rows[0]!.n, 2);
  });

  it('opens a window whose night the schedule missed while its holiday lasts, once, and none whose holiday is over', async () => {
    const parisienne = await living('FR');
    // Nobody ran on the nights before 2029-05-20 and 2029-05-21 (the window of 27 May 2029 opens on the 20th).
    const caughtUp = await opener().openHolidayCampaignWindows({ date: '2029-05-22' });
    assert.deepEqual(caughtUp.windows, [
      { campaignId: 'fete-des-meres', place: 'FR', occurrence: '2029', opensOn: '2029-05-20', customers: 3 },
    ]);
    const opened = (await written()).filter((event) => event.payload.occurrence === '2029' && event.customerId === parisienne);
    assert.deepEqual(
      opened.map((event) => [event.payload.campaign_id, event.payload.opens_on, event.payload.holiday_on]),
      [['fete-des-meres', '2029-05-20', '2029-05-27']],
    );
    // The nights after: opened once, recorded, not scanned again.
    const before = (await written()).length;
    assert.deepEqual((await opener().openHolidayCampaignWindows({ date: '2029-05-23' })).windows, []);
    assert.equal((await written()).length, before);
    const { rows } = await db.query(
      `select campaign_id, occurrence, place, customers from campaign_window_openings where occurrence = '2029'`,
    );
    assert.deepEqual(rows, [{ campaign_id: 'fete-des-meres', occurrence: '2029', place: 'FR', customers: 3 }]);

    // Boxing Day 2029 missed entirely: three days on, the holiday is over everywhere, and nothing opens.
    const tooLate = await opener().openHolidayCampaignWindows({ date: '2029-12-29' });
    assert.deepEqual(tooLate.windows, []);
  });

  it('skips a paused campaign with the reason, and opens its window once resumed while the holiday lasts', async () => {
    await setJourneyState(db, feteDesMeres.id, 'paused');
    const before = (await written()).length;
    const paused = await opener().openHolidayCampaignWindows({ date: '2030-05-19' });
    assert.deepEqual(paused, { date: '2030-05-19', windows: [], skipped: [{ campaignId: 'fete-des-meres', reason: 'paused' }] });
    assert.equal((await written()).length, before);

    await setJourneyState(db, feteDesMeres.id, 'active');
    const resumed = await opener().openHolidayCampaignWindows({ date: '2030-05-21' });
    assert.deepEqual(
      resumed.windows.map((window) => [window.campaignId, window.occurrence, window.opensOn, window.customers]),
      [['fete-des-meres', '2030', '2030-05-19', 3]],
    );
    assert.equal((await written()).length, before + 3);
  });

  it('skips a campaign that cannot work as written, and opens the others', async () => {
    const misplaced = defineHolidayCampaign({ ...boxingDay, id: 'boxing-day-misplaced', where: ['GB', 'XX'] });
    const activities = createCampaignActivities({ db, events: createEventLogWriter(producer, topic), campaigns: [misplaced, boxingDay] });
    const report = await activities.openHolidayCampaignWindows({ date: '2031-12-26' });
    assert.deepEqual(report.skipped, [{ campaignId: 'boxing-day-misplaced', reason: 'invalid' }]);
    assert.deepEqual(
      report.windows.map((window) => [window.campaignId, window.place, window.customers]),
      [
        ['boxing-day', 'GB', 1],
        ['boxing-day', 'AU', 0],
        ['boxing-day', 'CA-ON', 1],
      ],
    );
  });

  it('opens nothing for a campaign an operator stopped', async () => {
    await living('FR');
    const before = (await written()).length;
    await setJourneyState(db, feteDesMeres.id, 'stopped');
    const report = await opener().openHolidayCampaignWindows({ date: '2028-05-21' });
    assert.deepEqual(report, { date: '2028-05-21', windows: [], skipped: [{ campaignId: 'fete-des-meres', reason: 'stopped' }] });
    assert.equal((await written()).length, before);
  });
});
