/** What `journeys journey show` prints: trigger, exits, re-entry, holdout, priority, backfill and parameters. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signupAnniversary } from '../../workflows/journeys/anniversaries.ts';
import { cartAbandonment } from '../../workflows/journeys/cart-abandonment.ts';
import { welcome } from '../../workflows/journeys/welcome.ts';
import { formatJourney } from './journey-settings-commands.ts';

const asShipped = { enabled: true, state: 'active', parameters: {} };

describe('journey show', () => {
  it('says how to enter the customers a yearly journey missed', () => {
    assert.equal(
      formatJourney(signupAnniversary, { ...asShipped, enabled: false }),
      [
        'signup-anniversary: disabled, active',
        '  starts on   Signed Up',
        '  ends on     (its last step)',
        '  re-entry    once',
        '  holdout     10%',
        '  priority    normal',
        "  backfill    journeys journey backfill signup-anniversary: each customer's first sign-up",
        '  parameters',
        '    couponPool  anniversary (default)  the coupon pool of the anniversary present',
      ].join('\n'),
    );
  });

  it('says an urgent journey goes ahead, and a set parameter beside its default', () => {
    const shown = formatJourney(cartAbandonment, { ...asShipped, state: 'paused', parameters: { firstReminderAfterMinutes: 45 } });
    assert.match(shown, /^cart-abandonment: enabled, paused\n/);
    assert.match(shown, /\n {2}priority {4}urgent \(ahead of the rest on a busy task queue\)\n/);
    assert.match(shown, /\n {4}firstReminderAfterMinutes +45 \(default 30\) /);
    assert.doesNotMatch(shown, /backfill/, 'an old cart should not start a reminder: no backfill');
  });

  it('says normal for a journey without a priority', () => {
    assert.match(formatJourney(welcome, asShipped), /\n {2}priority {4}normal\n/);
  });
});
