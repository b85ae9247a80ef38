/**
 * What operators set per journey: the kill switch (state), read by the send gate before every
 * send; whether customers enter it (enabled) and its parameters, read when a customer enters.
 */
import type { JourneySettings } from '../../../schemas/journey.ts';
import type { Db } from './pool.ts';

export const journeyStates = ['active', 'paused', 'stopped'] as const;
export type JourneyState = (typeof journeyStates)[number];

export async function journeyState(db: Db, journeyId: string): Promise<JourneyState> {
  const { rows } = await db.query<{ state: JourneyState }>('select state from journey_controls where journey_id = $1', [journeyId]);
  return rows[0]?.state ?? 'active';
}

/** The kill switch and the settings in one read, for a step that needs both (a yearly journey's send, a campaign's opening). */
export async function journeyControls(db: Db, journeyId: string): Promise<JourneySettings & { state: JourneyState }> {
  const { rows } = await db.query<JourneySettings & { state: JourneyState }>(
    'select state, enabled, parameters from journey_controls where journey_id = $1',
    [journeyId],
  );
  return rows[0] ?? { state: 'active', enabled: true, parameters: {} };
}

export async function setJourneyState(db: Db, journeyId: string, state: JourneyState): Promise<void> {
  await db.query(
    `insert into journey_controls (journey_id, state) values ($1, $2)
     on conflict (journey_id) do update set state = excluded.state, changed_at = now()`,
    [journeyId, state],
  );
}

export async function journeySettings(db: Db, journeyId: string): Promise<JourneySettings> {
  const { rows } = await db.query<JourneySettings>('select enabled, parameters from journey_controls where journey_id = $1', [journeyId]);
  return rows[0] ?? { enabled: true, parameters: {} };
}

export async function setJourneyEnabled(db: Db, journeyId: string, enabled: boolean): Promise<void> {
  await db.query(
    `insert into journey_controls (journey_id, state, enabled) values ($1, 'active', $2)
     on conflict (journey_id) do update set enabled = excluded.enabled, changed_at = now()`,
    [journeyId, enabled],
  );
}

/** Merges `values` into the stored parameters; `reset` names those that go back to their default. */
export async function setJourneyParameters(
  db: Db,
  journeyId: string,
  values: Record<string, unknown>,
  reset: readonly string[] = [],
): Promise<void> {
  await db.query(
    `insert into journey_controls (journey_id, state, parameters) values ($1, 'active', $2::jsonb - $3::text[])
     on conflict (journey_id) do update
       set parameters = (journey_controls.parameters || excluded.parameters) - $3::text[], changed_at = now()`,
    [journeyId, JSON.stringify(values), reset],
  );
}
