/**
 * The store simulator on the real stack: a few hundred customers of the simulated shop go
 * through the ingest API, the projector, the nightly recompute and segments, the router and
 * the worker, with journey time 2880x faster (a day in 30 s), and every shipped journey
 * sends at least once (the message ledger says so). The same run the demo shows.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { simulateAgainst } from '../../services/cli/simulate/run-simulation.ts';
import { uniqueId } from '../support/fixtures.ts';
import { productOnTheStack } from '../support/product-on-the-stack.ts';

const { config, logger, product } = productOnTheStack('simulation-e2e', {
  JOURNEY_TIME_SCALE: String(1 / 2880),
  INGEST_PORT: '18097',
  // A task queue of its own: journeys other tests (or an earlier demo) left running on the
  // stack, birthdays and win-backs among them, would wake at this time scale and take the
  // worker's time from the run's customers (on a stack with thousands, nothing was sent).
  TEMPORAL_TASK_QUEUE: uniqueId('simulation'),
  LOG_LEVEL: 'error',
  // The suite's shop currency (not the demo's euros): later tests rebuild the projections of
  // everything in the log, these orders among them, and convert them with the same rates.
});

describe('the store simulator', () => {
  it('makes every shipped journey send at least once', { timeout: 24 * 60_000 }, async () => {
    const lines: string[] = [];
    const silent = await simulateAgainst(product(), config, logger, {
      customers: 300,
      timeoutMs: 20 * 60_000,
      say: (line) => lines.push(line),
    });
    // The silent journeys first: a long report is cut short in CI's summary.
    assert.deepEqual(silent, [], `silent: ${silent.join(', ')}\n${lines.join('\n')}`);
    assert.ok(
      lines.some((line) => /^ {2}cart-abandonment +\d+ sent/.test(line)),
      lines.join('\n'),
    );
    // Then customers follow their emails' tracked links and come back to order (the reports' clicks and conversions).
    assert.match(lines.join('\n'), /customers came back: [1-9]\d* followed a link in an email, [1-9]\d* ordered/, lines.join('\n'));
    // The stocked pools reach customers (the referral welcome and the sorry codes go at once).
    assert.match(lines.join('\n'), /Coupon codes handed out: \d+ [a-z]/, lines.join('\n'));
  });
});
