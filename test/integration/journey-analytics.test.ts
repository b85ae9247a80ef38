/**
 * The journey reports' projection on the real Kafka and PostgreSQL: outcomes published to
 * journey-outcomes (as the send gate and the journey activities publish them) reach the
 * analytics tables in any order, a record that is not an outcome is skipped without holding
 * the others back, and `journeys analytics rebuild` projects the topic again into emptied
 * tables with the same result.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kafka, Producer } from 'kafkajs';
import { topics } from '../../schemas/names.ts';
import type { JourneyOutcome } from '../../schemas/outcomes.ts';
import { rebuildAnalytics } from '../../services/platform/analytics/rebuild-analytics.ts';
import { loadConfig } from '../../services/platform/config.ts';
import { migrate } from '../../services/platform/db/migrate.ts';
import { createDb } from '../../services/platform/db/pool.ts';
import { createKafka, createProducer, ensureTopics } from '../../services/platform/kafka/client.ts';
import { createOutcomePublisher } from '../../services/platform/kafka/journey-outcomes.ts';
import { createLogger } from '../../services/platform/logger.ts';
import { waitFor } from '../../services/platform/wait-for.ts';
import { startOutcomesProjector } from '../../services/processes/projector/outcomes-projector.ts';
import { uniqueId } from '../support/fixtures.ts';

const config = loadConfig();
const logger = createLogger('error');
const db = createDb(config.databaseUrl);
let kafka: Kafka;
let producer: Producer;
let projector: { stop(): Promise<void> } | undefined;

before(async () => {
  await migrate(db);
  kafka = createKafka(config.kafka.brokers, 'journey-analytics-test', logger);
  await ensureTopics(kafka);
  producer = createProducer(kafka);
  await producer.connect();
});
after(async () => {
  await projector?.stop();
  await producer?.disconnect();
  await db.end();
});

const entryOf = (workflowId: string) =>
  db
    .query<{
      arm: string;
      variant: string | null;
      ended: string | null;
      exit_reason: string | null;
      current_step: string;
      credited_steps: string[];
    }>('select arm, variant, ended, exit_reason, current_step, credited_steps from journey_entries where workflow_id = $1', [workflowId])
    .then(({ rows }) => rows[0]);

describe('journey analytics projection', () => {
  it('projects outcomes in any order, skips what is not an outcome, and rebuilds the same from the topic', async () => {
    projector = await startOutcomesProjector({ kafka, db, logger });
    const customerId = uniqueId('analytics');
    const workflowId = `journey/cart-abandonment/${customerId}/cart-1`;
    const base = { customerId, journeyId: 'cart-abandonment', workflowId };
    const outcomes: JourneyOutcome[] = [
      // The send decided before its entry's outcome arrived (a retried entry activity).
      {
        ...base,
        outcomeId: `${workflowId}/reminder-1`,
        step: 'reminder-1',
        channel: 'email',
        status: 'sent',
        at: '2026-12-01T10:30:00.000Z',
      },
      {
        ...base,
        outcomeId: `${workflowId}/entered`,
        step: 'entry',
        status: 'entered',
        arm: 'treated',
        experimentId: 'cart-discount',
        variant: 'discount',
        at: '2026-12-01T10:00:00.000Z',
      },
      {
        ...base,
        outcomeId: `${workflowId}/reminder-2`,
        step: 'reminder-2',
        channel: 'sms',
        status: 'skipped',
        reason: 'no-consent',
        at: '2026-12-02T10:00:00.000Z',
      },
      { ...base, outcomeId: `${workflowId}/exited`, step: 'end', status: 'exited', reason: 'converted', at: '2026-12-02T11:00:00.000Z' },
    ];
    const publisher = createOutcomePublisher(producer);
    await publisher.publish(outcomes[0]!);
    // Not an outcome: skipped, and the records after it are projected.
    await producer.send({ topic: topics.journeyOutcomes, messages: [{ key: customerId, value: '{"status":"sent"}' }] });
    for (const outcome of outcomes.slice(1)) await publisher.publish(outcome);
    // Published twice (a retried activity): counted once.
    await publisher.publish(outcomes[0]!);

    const expected = {
      arm: 'treated',
      variant: 'discount',
      ended: 'exited',
      exit_reason: 'converted',
      current_step: 'reminder-2',
      credited_steps: ['reminder-1'],
    };
    await waitFor(async () => ((await entryOf(workflowId))?.ended ? true : undefined), {
      timeoutMs: 30_000,
      what: 'the entry projected with its end',
    });
    assert.deepEqual(await entryOf(workflowId), expected);
    const steps = await db.query<{ step: string; status: string; entered_at: Date }>(
      'select step, status, entered_at from journey_step_outcomes where workflow_id = $1 order by at',
      [workflowId],
    );
    assert.deepEqual(
      steps.rows.map((row) => [row.step, row.status, row.entered_at.toISOString()]),
      [
        ['reminder-1', 'sent', '2026-12-01T10:00:00.000Z'],
        ['reminder-2', 'skipped', '2026-12-01T10:00:00.000Z'],
      ],
    );

    await projector.stop();
    projector = undefined;
    await db.query('delete from journey_entries where workflow_id = $1', [workflowId]);
    const rebuilt = await rebuildAnalytics({ kafka, db });
    assert.ok(rebuilt.outcomes >= outcomes.length, `${rebuilt.outcomes} outcomes replayed`);
    assert.ok(rebuilt.skipped >= 1, 'the record that is not an outcome was skipped again');
    assert.deepEqual(await entryOf(workflowId), expected);
  });
});
