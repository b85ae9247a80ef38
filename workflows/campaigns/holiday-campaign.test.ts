/**
 * Holiday campaigns on the time-skipping test server with in-memory activities: the offer at
 * the campaign's hour of the customer's day on the window's first day, with a code from the
 * campaign's pool; the holdout recorded, not sent; a stopped campaign sends nothing; a
 * customer who moved away, or reached after the holiday, gets nothing; each window entered
 * once per customer and year, and only by the campaign it names.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { JourneyResult } from '../../schemas/journey.ts';
import { customerWorkflowId, getCustomerStateQuery } from '../../schemas/names.ts';
import { instantOfLocalTime, localDateOf, nextLocalTime } from '../../services/platform/local-time.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { customerEvent, uniqueId } from '../../test/support/fixtures.ts';
import { createMockActivities, type MockCustomer } from '../../test/support/mock-activities.ts';
import { startWorkflowTestbed, type WorkflowTestbed } from '../../test/support/workflow-testbed.ts';
import { assignArm } from '../lib/assignment.ts';
import type { HolidayCampaign } from './define.ts';
import { boxingDay, feteDesMeres, mothersDayNorthAmerica } from './index.ts';

const DAY = 86_400_000;
const PARIS = 'Europe/Paris';
const customers: Record<string, MockCustomer> = {};
const mocks = createMockActivities(customers);
let bed: WorkflowTestbed;

before(async () => (bed = await startWorkflowTestbed('holiday-campaign-unit', () => mocks.activities)));
after(() => bed?.stop());

function shopper(campaign: HolidayCampaign, customer: Partial<MockCustomer> & { holdout?: boolean } = {}): string {
  for (;;) {
    const customerId = uniqueId('shopper');
    if (assignArm(customerId, campaign.id, campaign.journey).holdout !== (customer.holdout ?? false)) continue;
    customers[customerId] = { consent: ['email'], timeZone: PARIS, country: 'FR', ...customer };
    return customerId;
  }
}

/** 'YYYY-MM-DD' of the day `days` from the test server's now, on a calendar of `zone`. */
async function dateIn(days: number, zone = PARIS): Promise<string> {
  const { year, month, day } = localDateOf(new Date((await bed.env.currentTimeMs()) + days * DAY), zone);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

async function windowOpened(campaign: HolidayCampaign, customerId: string, place: string, opensIn: number, zone = PARIS) {
  const opensOn = await dateIn(opensIn, zone);
  const holidayOn = await dateIn(opensIn + campaign.opensDaysBefore, zone);
  const payload = { campaign_id: campaign.id, occurrence: holidayOn.slice(0, 4), place, holiday_on: holidayOn, opens_on: opensOn };
  return { opensOn, event: customerEvent(customerId, 'Campaign Window Opened', payload) };
}

/** A fixed-offset zone (Etc/GMT±N) whose clock shows about `hour` o'clock now on the test server. */
async function zoneAtHour(hour: number): Promise<string> {
  let offset = hour - new Date(await bed.env.currentTimeMs()).getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  // The IANA names invert the sign: Etc/GMT-3 is three hours ahead of UTC.
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

const endOf = (result: JourneyResult) => [result.outcome, result.outcome === 'exited' ? result.reason : undefined];
/** Sent within a minute of the moment: the timer fires on the minute, the send activity asks just after. */
const sentAround = (at: number | undefined, moment: Date) =>
  assert.ok(at !== undefined && Math.abs(at - moment.getTime()) < 60_000, `${at} ≠ ${moment.toISOString()}`);

async function run(campaign: HolidayCampaign, customerId: string, place: string, opensIn: number, zone = PARIS) {
  const { opensOn, event } = await windowOpened(campaign, customerId, place, opensIn, zone);
  const result = await (await bed.startJourney(campaign.journey, customerId, event.payload.occurrence as string, event)).result();
  return { opensOn, result, sends: mocks.sendsOf(customerId) };
}

describe('holiday campaigns (in-memory activities)', () => {
  it("sends the offer at the campaign's hour of the customer's day on the window's first day, with a code from its pool", async () => {
    const customerId = shopper(feteDesMeres);
    const { opensOn, result, sends } = await run(feteDesMeres, customerId, 'FR', 3);
    assert.equal(result.outcome, 'completed');
    assert.deepEqual(
      sends.map((send) => [send.template, send.status, send.coupon]),
      [['fete-des-meres', 'sent', 'CODE-fete-des-meres-coupon']],
    );
    const [year, month, day] = opensOn.split('-').map(Number) as [number, number, number];
    sentAround(sends[0]?.at, instantOfLocalTime({ year, month, day }, 10 * 60, PARIS));
  });

  it('waits for the hour in the zone of each customer: Toronto at 10:00 there, hours after Paris', async () => {
    const customerId = shopper(mothersDayNorthAmerica, { timeZone: 'America/Toronto', country: 'CA' });
    const { opensOn, sends } = await run(mothersDayNorthAmerica, customerId, 'CA', 2, 'America/Toronto');
    const [year, month, day] = opensOn.split('-').map(Number) as [number, number, number];
    sentAround(sends[0]?.at, instantOfLocalTime({ year, month, day }, 10 * 60, 'America/Toronto'));
  });

  it('holds out a tenth: the step recorded as skipped (holdout), no code taken', async () => {
    const customerId = shopper(feteDesMeres, { holdout: true });
    const { result, sends } = await run(feteDesMeres, customerId, 'FR', 1);
    assert.equal(result.arm.holdout, true);
    assert.deepEqual(
      sends.map((send) => [send.status, send.coupon]),
      [['skipped', undefined]],
    );
  });

  it('sends nothing once an operator stopped the campaign: the customer leaves at the send', async () => {
    mocks.stopJourney(boxingDay.id);
    const customerId = shopper(boxingDay, { timeZone: 'Europe/London', country: 'GB' });
    const { result, sends } = await run(boxingDay, customerId, 'GB', 1, 'Europe/London');
    assert.deepEqual(endOf(result), ['exited', 'stopped-by-operator']);
    assert.deepEqual(
      sends.filter((send) => send.status === 'sent'),
      [],
    );
  });

  it('offers nothing to a customer who moved to another country since the window opened', async () => {
    const customerId = shopper(feteDesMeres, { country: 'GB' });
    const { result, sends } = await run(feteDesMeres, customerId, 'FR', 1);
    assert.deepEqual(endOf(result), ['exited', 'moved-away']);
    assert.deepEqual(sends, []);
  });

  it('offers nothing for a holiday already over when the window reached the customer', async () => {
    const customerId = shopper(feteDesMeres);
    const { result, sends } = await run(feteDesMeres, customerId, 'FR', -(feteDesMeres.opensDaysBefore + 2));
    assert.deepEqual(endOf(result), ['exited', 'holiday-over']);
    assert.deepEqual(sends, []);
  });

  it('sends a window opened late on the holiday itself, after the campaign hour, at once rather than after the holiday', async () => {
    // A zone where it is mid-afternoon now: the holiday's 10:00 has passed, its end has not.
    const zone = await zoneAtHour(15);
    const customerId = shopper(mothersDayNorthAmerica, { timeZone: zone, country: 'US' });
    const openedAt = await bed.env.currentTimeMs();
    const { result, sends } = await run(mothersDayNorthAmerica, customerId, 'US', -mothersDayNorthAmerica.opensDaysBefore, zone);
    assert.equal(result.outcome, 'completed');
    assert.deepEqual(
      sends.map((send) => [send.template, send.status]),
      [['mothers-day', 'sent']],
    );
    sentAround(sends[0]?.at, new Date(openedAt));
  });

  it("sends a window opened days late at the campaign's next hour, while the holiday lasts", async () => {
    const customerId = shopper(feteDesMeres);
    const openedAt = await bed.env.currentTimeMs();
    const { result, sends } = await run(feteDesMeres, customerId, 'FR', -3);
    assert.equal(result.outcome, 'completed');
    sentAround(sends[0]?.at, nextLocalTime(new Date(openedAt), 10 * 60, PARIS));
  });

  it('enters a customer once per campaign and year, and only the campaign the event names', async () => {
    const customerId = shopper(feteDesMeres);
    const { event } = await windowOpened(feteDesMeres, customerId, 'FR', 1);
    // The opener run twice (two event ids), and a Kafka redelivery (the same id).
    await bed.signalCustomer(customerId, [event, { ...event, eventId: uniqueId('opened-again') }]);
    await bed.signalCustomer(customerId, [event]);
    const customer = bed.env.client.workflow.getHandle(customerWorkflowId(customerId));
    const state = await waitFor(
      async () => {
        const now = await customer.query(getCustomerStateQuery);
        return now.eventsApplied === 2 ? now : undefined;
      },
      { timeoutMs: 30_000, what: 'both events applied' },
    );
    assert.deepEqual(Object.keys(state.journeyEntries), [feteDesMeres.id]);
    assert.equal(state.journeyEntries[feteDesMeres.id]?.count, 1);
  });
});
