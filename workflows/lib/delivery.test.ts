/**
 * The delivery loop of every journey send, with in-memory activities on the time-skipping
 * test server (unit tier): a deferred send waits on a durable timer until the time the gate
 * gave and asks again; a held one asks again every PAUSED_RECHECK; a stopped journey exits.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MessageRequest } from '../../activities/channels/message-request.ts';
import type { SendOutcome } from '../../schemas/journey.ts';
import { customerEvent, uniqueId } from '../../test/support/fixtures.ts';
import { createMockActivities, type MockCustomer } from '../../test/support/mock-activities.ts';
import { startWorkflowTestbed, type WorkflowTestbed } from '../../test/support/workflow-testbed.ts';
import { cartAbandonment } from '../journeys/cart-abandonment.ts';
import { durationMs } from './duration.ts';
import { PAUSED_RECHECK } from './journey.ts';

const HOUR = 3_600_000;
const customers: Record<string, MockCustomer> = {};
const mocks = createMockActivities(customers);
/** Per customer: what the gate answers instead of sending (undefined: send as usual). */
const gate = new Map<string, (request: MessageRequest, asked: number) => SendOutcome | undefined>();
/** Per customer: the journey clock of each time the first reminder asked the gate. */
const asks = new Map<string, number[]>();
let bed: WorkflowTestbed;

before(async () => {
  bed = await startWorkflowTestbed('delivery-unit', () => ({
    ...mocks.activities,
    sendEmail(request: MessageRequest) {
      if (request.step !== 'reminder-1') return mocks.activities.sendEmail(request);
      const times = asks.get(request.customerId) ?? [];
      times.push(Date.parse(request.at));
      asks.set(request.customerId, times);
      const answer = gate.get(request.customerId)?.(request, times.length);
      return answer ? Promise.resolve(answer) : mocks.activities.sendEmail(request);
    },
  }));
});
after(() => bed?.stop());

function cartOf(answer: (request: MessageRequest, asked: number) => SendOutcome | undefined) {
  const customerId = uniqueId('shopper');
  customers[customerId] = { consent: ['email'] };
  gate.set(customerId, answer);
  const cartId = uniqueId('cart');
  return {
    customerId,
    start: () =>
      bed.startJourney(
        cartAbandonment,
        customerId,
        cartId,
        customerEvent(customerId, 'Checkout Started', { cart_id: cartId, value: { amount: 80_00, currency: 'EUR' } }),
      ),
  };
}

describe('journey delivery loop', () => {
  it('a send deferred by a cap or quiet hours waits until the time the gate gave, then asks again and goes', async () => {
    const { customerId, start } = cartOf((request, asked) =>
      asked === 1
        ? {
            status: 'deferred',
            channel: 'email',
            step: request.step,
            reason: 'quiet-hours',
            until: new Date(Date.parse(request.at) + 7 * HOUR).toISOString(),
          }
        : undefined,
    );
    const result = await (await start()).result();
    assert.deepEqual(result.sends.map((send) => [send.step, send.status]).slice(0, 1), [['reminder-1', 'sent']]);
    const [first, second] = asks.get(customerId)!;
    assert.ok(Math.abs(second! - first! - 7 * HOUR) < 1000, `asked again ${second! - first!} ms later`);
  });

  it('a send held by a paused journey asks again every PAUSED_RECHECK until it may go', async () => {
    const { customerId, start } = cartOf((request, asked) =>
      asked <= 3 ? { status: 'held', channel: 'email', step: request.step } : undefined,
    );
    await (await start()).result();
    const times = asks.get(customerId)!;
    assert.equal(times.length, 4);
    const gaps = times.slice(1).map((time, i) => time - times[i]!);
    gaps.forEach((gap) => assert.ok(Math.abs(gap - durationMs(PAUSED_RECHECK)) < 1000, `asked again after ${gap} ms`));
  });

  it('a journey stopped by an operator exits at its next send', async () => {
    const { start } = cartOf((request) => ({ status: 'skipped', channel: 'email', step: request.step, reason: 'journey-stopped' }));
    const result = await (await start()).result();
    assert.deepEqual(
      { outcome: result.outcome, reason: result.outcome === 'exited' && result.reason },
      { outcome: 'exited', reason: 'stopped-by-operator' },
    );
    assert.deepEqual(
      result.sends.map((send) => send.step),
      ['reminder-1'],
    );
  });
});
