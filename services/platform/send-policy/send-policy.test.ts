import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFrequencyCaps } from './frequency-caps.ts';
import { parseQuietHours } from './quiet-hours.ts';
import { deferral, type SendPolicy } from './send-policy.ts';

const HOUR = 3_600_000;
const policy: SendPolicy = {
  caps: parseFrequencyCaps('email:2/24h,email:5/7d,sms:1/24h'),
  quietHours: parseQuietHours('21:00-08:00', ['email', 'sms', 'push']),
  suppressBottom20: true,
  consentLapseMonths: 24,
  defaultTimeZone: 'Europe/Paris',
};
const noQuiet: SendPolicy = { ...policy, quietHours: null };
const at = (iso: string) => new Date(iso);
const hoursBefore = (time: Date, ...hours: number[]) => hours.map((h) => new Date(time.getTime() - h * HOUR));

describe('send policy: frequency caps', () => {
  const now = at('2026-11-24T15:00:00Z');

  it('lets a send go while the window has room', () => {
    assert.equal(deferral(noQuiet, { channel: 'email', at: now, sendTimes: hoursBefore(now, 5), timeZone: null }), null);
  });

  it('delays a capped send until the oldest counted send leaves the window', () => {
    const result = deferral(noQuiet, { channel: 'email', at: now, sendTimes: hoursBefore(now, 1, 2, 30), timeZone: null });
    assert.deepEqual(result, { until: at('2026-11-25T13:00:00Z'), reason: 'frequency-cap' });
  });

  it('takes the binding cap when several apply (5 in 7 days)', () => {
    const sendTimes = hoursBefore(now, 30, 50, 70, 90, 110);
    assert.deepEqual(deferral(noQuiet, { channel: 'email', at: now, sendTimes, timeZone: null }), {
      until: new Date(now.getTime() + (7 * 24 - 110) * HOUR),
      reason: 'frequency-cap',
    });
  });

  it('counts only the channel asked about', () => {
    assert.equal(deferral(noQuiet, { channel: 'push', at: now, sendTimes: hoursBefore(now, 1, 2, 3), timeZone: null }), null);
    assert.equal(deferral(noQuiet, { channel: 'sms', at: now, sendTimes: hoursBefore(now, 1), timeZone: null })?.reason, 'frequency-cap');
  });
});

describe('send policy: quiet hours in the customer time zone', () => {
  it('moves a 22:00 send in New York to 08:00 the next morning there', () => {
    assert.deepEqual(deferral(policy, { channel: 'sms', at: at('2026-11-24T03:00:00Z'), sendTimes: [], timeZone: 'America/New_York' }), {
      until: at('2026-11-24T13:00:00Z'),
      reason: 'quiet-hours',
    });
  });

  it('lets a send at 14:00 in Paris go at once', () => {
    assert.equal(deferral(policy, { channel: 'email', at: at('2026-11-24T13:00:00Z'), sendTimes: [], timeZone: 'Europe/Paris' }), null);
  });

  it('lands on 08:00 local across a DST change (spring forward and fall back)', () => {
    const spring = deferral(policy, { channel: 'email', at: at('2026-03-08T02:30:00Z'), sendTimes: [], timeZone: 'America/New_York' });
    assert.deepEqual(spring?.until, at('2026-03-08T12:00:00Z'), '08:00 EDT');
    const fall = deferral(policy, { channel: 'email', at: at('2026-11-01T01:30:00Z'), sendTimes: [], timeZone: 'America/New_York' });
    assert.deepEqual(fall?.until, at('2026-11-01T13:00:00Z'), '08:00 EST');
  });

  it('a cap that ends at night waits on to the morning', () => {
    const now = at('2026-11-24T20:00:00Z'); // 15:00 in New York
    const result = deferral(policy, { channel: 'sms', at: now, sendTimes: [at('2026-11-24T04:00:00Z')], timeZone: 'America/New_York' });
    // The cap frees at 04:00Z the next day (23:00 in New York): quiet, so 08:00 New York.
    assert.deepEqual(result, { until: at('2026-11-25T13:00:00Z'), reason: 'frequency-cap' });
  });

  it('uses the shop time zone when the customer has none or an unknown one', () => {
    const night = at('2026-11-24T22:30:00Z'); // 23:30 in Paris, 17:30 in New York
    assert.deepEqual(
      deferral(policy, { channel: 'email', at: night, sendTimes: [], timeZone: 'Mars/Olympus' })?.until,
      at('2026-11-25T07:00:00Z'),
    );
    assert.deepEqual(deferral(policy, { channel: 'email', at: night, sendTimes: [], timeZone: null })?.until, at('2026-11-25T07:00:00Z'));
    assert.equal(deferral(policy, { channel: 'email', at: night, sendTimes: [], timeZone: 'America/New_York' }), null);
  });

  it('leaves channels without quiet hours alone (direct mail is printed, not rung)', () => {
    assert.equal(
      deferral(policy, { channel: 'direct_mail', at: at('2026-11-24T03:00:00Z'), sendTimes: [], timeZone: 'America/New_York' }),
      null,
    );
  });
});

describe('send policy: configuration', () => {
  it('names every malformed cap', () => {
    assert.throws(() => parseFrequencyCaps('email:2/24h,fax:1/1d,sms:0/1h'), /"fax:1\/1d".*"sms:0\/1h"/);
    assert.deepEqual(parseFrequencyCaps('off'), []);
  });

  it('rejects quiet hours that are not a span of the day', () => {
    assert.throws(() => parseQuietHours('25:00-08:00', ['email']), /"25:00-08:00"/);
    assert.throws(() => parseQuietHours('08:00-08:00', ['email']), /non-empty/);
    assert.equal(parseQuietHours('off', ['email']), null);
    assert.deepEqual(parseQuietHours('12:00-13:30', ['sms']), { startMinute: 720, endMinute: 810, channels: ['sms'] });
  });
});
