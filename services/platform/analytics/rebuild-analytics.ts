/**
 * `journeys analytics rebuild`: empties the journey reports' tables and projects
 * journey-outcomes into them again, from the oldest record the topic keeps
 * (JOURNEY_OUTCOMES_RETENTION, 90 days by default: more than the reports read). One
 * transaction under the analytics lock taken alone: the live consumer's batches wait, and
 * what they then apply again changes nothing (idempotent writes). Readers see the old
 * tables until it commits.
 */
import type { Kafka } from 'kafkajs';
import { topics } from '../../../schemas/names.ts';
import { inTransaction, type Db } from '../db/pool.ts';
import { readToEnd } from '../kafka/read-to-end.ts';
import { ANALYTICS_LOCK, analyticsTables, projectOutcomeMessages } from './outcome-projection.ts';

export async function rebuildAnalytics(deps: { kafka: Kafka; db: Db }): Promise<{ outcomes: number; skipped: number }> {
  return inTransaction(deps.db, async (client) => {
    await client.query('select pg_advisory_xact_lock($1)', [ANALYTICS_LOCK]);
    await client.query(`truncate ${analyticsTables.join(', ')}`);
    let outcomes = 0;
    let skipped = 0;
    await readToEnd(deps.kafka, topics.journeyOutcomes, async ({ messages }) => {
      const invalid = await projectOutcomeMessages(client, messages);
      outcomes += messages.length - invalid.length;
      skipped += invalid.length;
    });
    return { outcomes, skipped };
  });
}
