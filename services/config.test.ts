import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from './config.ts';

describe('configuration of the send policy', () => {
  it('names every bad variable at once', () => {
    assert.throws(
      () => loadConfig({ FREQUENCY_CAPS: 'email:2/24h,fax:1/1d', QUIET_HOURS: '9-5', QUIET_HOURS_CHANNELS: 'email,pigeon', DEFAULT_TIME_ZONE: 'Mars/Olympus' }),
      (error: Error) => ['FREQUENCY_CAPS: ', '"fax:1/1d"', 'QUIET_HOURS: ', '"9-5"', 'QUIET_HOURS_CHANNELS.1', 'DEFAULT_TIME_ZONE: '].every((part) => error.message.includes(part)),
    );
  });

  it('defaults to caps per channel and quiet hours 21:00–08:00 for email, SMS and push', () => {
    const { sendPolicy } = loadConfig({});
    assert.deepEqual(sendPolicy.caps.filter((cap) => cap.channel === 'email').map((cap) => [cap.limit, cap.windowMs / 3_600_000]), [[2, 24], [5, 168]]);
    assert.deepEqual(sendPolicy.quietHours, { startMinute: 21 * 60, endMinute: 8 * 60, channels: ['email', 'sms', 'push'] });
  });

  it('scales cap windows in a scaled run (demo, end-to-end tests) and drops quiet hours, which cannot be scaled', () => {
    const { sendPolicy } = loadConfig({ JOURNEY_TIME_SCALE: String(1 / 3600), FREQUENCY_CAPS: 'sms:1/24h' });
    assert.deepEqual(sendPolicy.caps.map((cap) => cap.windowMs), [24_000]);
    assert.equal(sendPolicy.quietHours, null);
  });
});
