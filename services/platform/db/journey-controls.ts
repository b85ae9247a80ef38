/** The operators' kill switch per journey, read by the send gate before every send. */
import type { Db } from './pool.ts';

export const journeyStates = ['active', 'paused', 'stopped'] as const;
export type JourneyState = (typeof journeyStates)[number];

export async function journeyState(db: Db, journeyId: string): Promise<JourneyState> {
  const { rows } = await db.query<{ state: JourneyState }>('select state from journey_controls where journey_id = $1', [journeyId]);
  return rows[0]?.state ?? 'active';
}

export async function setJourneyState(db: Db, journeyId: string, state: JourneyState): Promise<void> {
  await db.query(
    `insert into journey_controls (journey_id, state) values ($1, $2)
     on conflict (journey_id) do update set state = excluded.state, changed_at = now()`,
    [journeyId, state],
  );
}
