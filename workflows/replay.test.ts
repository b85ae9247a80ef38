/**
 * Determinism: the recorded histories of every shipped workflow (workflows/histories/,
 * written by `npm run histories:record`) replay against the current code. A change that
 * would send customers already inside a journey down a different path fails here; make it
 * with `patched()` and record new histories beside the old ones.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import { workflowsPath } from '../services/processes/worker/worker.ts';
import { installTemporalRuntime } from '../services/platform/temporal/runtime.ts';
import { journeyRegistry } from './registry.ts';
import { customerValueRecomputeWorkflowType } from '../schemas/names.ts';

const dir = fileURLToPath(new URL('./histories/', import.meta.url));
const recorded = readdirSync(dir)
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({ workflowId: file, history: historyFromJSON(JSON.parse(readFileSync(dir + file, 'utf8'))) }));
const workflowTypeOf = (history: (typeof recorded)[number]['history']) =>
  history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? '(none)';

installTemporalRuntime();

describe('replay of recorded histories', () => {
  it('every shipped workflow type has recorded histories', () => {
    const types = new Set(recorded.map(({ history }) => workflowTypeOf(history)));
    const shipped = [
      'customerWorkflow',
      customerValueRecomputeWorkflowType.name,
      ...journeyRegistry.map((journey) => journey.workflowType.name),
    ];
    assert.deepEqual(
      shipped.filter((type) => !types.has(type)),
      [],
      'record them with npm run histories:record',
    );
  });

  it('every recorded history replays against the current workflows', async () => {
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowsPath, replayName: 'recorded-histories' }, recorded)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    assert.deepEqual(failures, []);
    assert.ok(recorded.length >= 5, `${recorded.length} histories`);
  });

  it('catches a non-deterministic change to a shipped journey', async () => {
    const cart = recorded.find(({ workflowId }) => workflowId.startsWith('cart-abandonment.reminded'));
    assert.ok(cart, 'the recorded cart-abandonment history');
    const changed = fileURLToPath(new URL('../test/replay/changed-journeys.ts', import.meta.url));
    await assert.rejects(
      Worker.runReplayHistory({ workflowsPath: changed, replayName: 'changed-journey' }, cart.history),
      DeterminismViolationError,
    );
  });
});
