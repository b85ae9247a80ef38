/**
 * Frequency caps and quiet hours as journeys live them, on the time-skipping test server
 * with the real gate: a send that may not go now waits on a durable timer and goes at the
 * first allowed time; one that could only go past its deadline is skipped and recorded.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findMessage, idempotencyKeyOf } from '../../services/platform/db/message-ledger.ts';
import { parseFrequencyCaps } from '../../services/platform/send-policy/frequency-caps.ts';
import { parseQuietHours } from '../../services/platform/send-policy/quiet-hours.ts';
import { createShopper, recordEarlierSends } from '../../test/support/fixtures.ts';
import { startJourneyTestbed, type JourneyTestbed } from '../../test/support/journey-testbed.ts';
import type { JourneyResult } from '../../schemas/journey.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let bed: JourneyTestbed;
before(async () => {
  bed = await startJourneyTestbed('send-timing-test', {
    caps: parseFrequencyCaps('email:2/24h'),
    quietHours: parseQuietHours('21:00-08:00', ['email']),
    suppressBottom20: true,
    consentLapseMonths: 24,
    defaultTimeZone: 'UTC',
  });
});
after(() => bed?.stop());

/** A fixed-offset zone in which `at` reads `hour` o'clock (Etc/GMT signs are inverted). */
function zoneWhereItIs(hour: number, at: number): { zone: string; offsetHours: number } {
  let offsetHours = (hour - new Date(at).getUTCHours() + 24) % 24;
  if (offsetHours > 14) offsetHours -= 24;
  const zone = offsetHours === 0 ? 'Etc/GMT' : `Etc/GMT${offsetHours > 0 ? '-' : '+'}${Math.abs(offsetHours)}`;
  return { zone, offsetHours };
}

async function sentAt(workflowId: string, step: string): Promise<number | undefined> {
  return (await findMessage(bed.db, idempotencyKeyOf(workflowId, step)))?.sentAt?.getTime();
}

const summary = (result: JourneyResult) => result.sends.map((send) => [send.step, send.status === 'skipped' ? send.reason : send.status]);

describe('send timing: frequency caps and quiet hours', () => {
  it('a capped reminder is delayed until the cap frees, then sent, not dropped', async () => {
    const startedAt = await bed.env.currentTimeMs();
    const shopper = await createShopper(bed.db, { consent: true, timeZone: zoneWhereItIs(10, startedAt).zone });
    // Two emails from another journey 21 and 20 hours ago: the cap (2 in 24 hours) frees 3 hours from now.
    await recordEarlierSends(bed.db, shopper.customerId, 'email', [new Date(startedAt - 21 * HOUR), new Date(startedAt - 20 * HOUR)]);

    const handle = await bed.startCartAbandonment(shopper.customerId, 'capped-cart');
    const result = await handle.result();

    assert.deepEqual(summary(result), [
      ['reminder-1', 'sent'],
      ['reminder-2', 'sent'],
      ['reminder-3', 'sent'],
    ]);
    const first = (await sentAt(handle.workflowId, 'reminder-1'))! - startedAt;
    assert.ok(Math.abs(first - 3 * HOUR) < MINUTE, `reminder-1 went ${first / MINUTE} minutes after the checkout, expected 180`);
    assert.equal((await bed.inbox.to(shopper.email)).length, 3);
  });

  it("a reminder due at 23:00 in the customer's time zone goes at 08:00 there", async () => {
    const startedAt = await bed.env.currentTimeMs();
    // Reminder 1 falls due 30 minutes after the checkout: make that 23:xx where the customer lives.
    const { zone, offsetHours } = zoneWhereItIs(23, startedAt + 30 * MINUTE);
    const shopper = await createShopper(bed.db, { consent: true, timeZone: zone });

    const handle = await bed.startCartAbandonment(shopper.customerId, 'late-cart');
    await handle.result();

    const sent = (await sentAt(handle.workflowId, 'reminder-1'))!;
    const local = new Date(sent + offsetHours * HOUR);
    assert.deepEqual(
      [local.getUTCHours(), local.getUTCMinutes()],
      [8, 0],
      `reminder-1 went at ${local.toISOString().slice(11, 16)} local time`,
    );
    const waited = sent - (startedAt + 30 * MINUTE);
    assert.ok(waited > 8 * HOUR && waited <= 9 * HOUR, `waited ${waited / MINUTE} minutes`);
    assert.equal((await bed.inbox.to(shopper.email)).length, 3);
  });

  it('skips, and records, a reminder that the cap would delay past its deadline; the next one still goes', async () => {
    const startedAt = await bed.env.currentTimeMs();
    const shopper = await createShopper(bed.db, { consent: true, timeZone: zoneWhereItIs(10, startedAt).zone });
    // The cap would free 22 hours from now; reminder 1 is pointless after 12.
    await recordEarlierSends(bed.db, shopper.customerId, 'email', [new Date(startedAt - 2 * HOUR), new Date(startedAt - HOUR)]);

    const handle = await bed.startCartAbandonment(shopper.customerId, 'late-capped-cart');
    const result = await handle.result();

    assert.deepEqual(summary(result), [
      ['reminder-1', 'past-deadline'],
      ['reminder-2', 'sent'],
      ['reminder-3', 'sent'],
    ]);
    assert.equal((await findMessage(bed.db, idempotencyKeyOf(handle.workflowId, 'reminder-1')))?.reason, 'past-deadline');
    assert.equal((await bed.inbox.to(shopper.email)).length, 2);
  });
});
