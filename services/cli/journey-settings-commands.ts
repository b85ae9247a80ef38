/**
 * `journeys journey enable|disable|set|show`: what a shop decides per journey without
 * editing it. Enabling and parameters apply to customers who enter from then on; customers
 * already in a journey keep the numbers they entered with (pause or stop a journey to act
 * on them).
 */
import type { Config } from '../platform/config.ts';
import { journeyRegistry } from '../../workflows/registry.ts';
import type { AnyJourney } from '../../workflows/lib/journey-descriptor.ts';
import { parseParameterAssignment, resolveParameters } from '../../workflows/lib/journey-parameters.ts';
import { journeyControls, setJourneyEnabled, setJourneyParameters } from '../platform/db/journey-controls.ts';
import { backfillOf } from '../platform/journey-backfill/entry-requests.ts';
import { withDb } from './connections.ts';
import { UsageError } from './usage-error.ts';

const print = (line: string) => process.stdout.write(`${line}\n`);

/** The journey by id; a usage error that lists the ids otherwise. */
export function journeyById(journeyId: string): AnyJourney {
  const journey = journeyRegistry.find((known) => known.id === journeyId);
  if (!journey) throw new UsageError(`unknown journey "${journeyId}" (journeys: ${journeyRegistry.map((known) => known.id).join(', ')})`);
  return journey;
}

export async function enableJourneyCommand(config: Config, journeyId: string, enabled: boolean): Promise<void> {
  const journey = journeyById(journeyId);
  await withDb(config, (db) => setJourneyEnabled(db, journeyId, enabled));
  const off =
    journey.onDisable === 'skip-sends'
      ? 'disabled: customers still enter it, and its messages and coupons are skipped until it is enabled again'
      : 'disabled: no customer enters it (those in it go on)';
  print(`${journeyId} is ${enabled ? 'enabled: customers enter it' : off}`);
}

/** `<name>=<value>` pairs, checked against the journey's parameters before anything is stored. */
export async function setJourneyParametersCommand(
  config: Config,
  journeyId: string,
  assignments: readonly string[],
  reset: readonly string[],
): Promise<void> {
  const journey = journeyById(journeyId);
  const specs = journey.parameters ?? {};
  if (assignments.length === 0 && reset.length === 0) throw new UsageError('give at least one <name>=<value> (or --reset <name>)');
  const values: Record<string, unknown> = {};
  try {
    for (const assignment of assignments) {
      const [name, value] = parseParameterAssignment(journeyId, specs, assignment);
      values[name] = value;
    }
    for (const name of reset) parseParameterAssignment(journeyId, specs, `${name}=${String(specs[name]?.default ?? '')}`);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  await withDb(config, (db) => setJourneyParameters(db, journeyId, values, reset));
  await showJourneyCommand(config, journeyId);
}

export async function showJourneyCommand(config: Config, journeyId: string): Promise<void> {
  const journey = journeyById(journeyId);
  print(formatJourney(journey, await withDb(config, (db) => journeyControls(db, journeyId))));
}

export function formatJourney(
  journey: AnyJourney,
  settings: { enabled: boolean; state: string; parameters: Record<string, unknown> },
): string {
  const specs = journey.parameters ?? {};
  const values = resolveParameters(specs, settings.parameters);
  const exits = journey.exitOn.map((rule) => `${rule.reason} (${rule.event}${rule.segmentId ? ` ${rule.segmentId}` : ''})`);
  const lines = [
    `${journey.id}: ${settings.enabled ? 'enabled' : 'disabled'}, ${settings.state}`,
    `  starts on   ${journey.trigger.event}${journey.trigger.segmentId ? ` ${journey.trigger.segmentId}` : ''}`,
    `  ends on     ${exits.length ? exits.join(', ') : '(its last step)'}`,
    `  re-entry    ${reentryOf(journey)}`,
    `  holdout     ${Math.round((journey.holdout ?? 0) * 100)}%`,
    `  priority    ${priorityOf(journey)}`,
  ];
  const backfill = backfillOf(journey.id);
  if (backfill) lines.push(`  backfill    journeys journey backfill ${journey.id}: ${backfill}`);
  const names = Object.keys(specs);
  if (names.length === 0) return [...lines, '  parameters  (none)'].join('\n');
  const rows = names.map((name) => {
    const spec = specs[name]!;
    const value = String(values[name]);
    return [name, value === String(spec.default) ? `${value} (default)` : `${value} (default ${String(spec.default)})`, spec.about];
  });
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  lines.push(
    '  parameters',
    ...rows.map(([name, value, about]) => `    ${name!.padEnd(widths[0]!)}  ${value!.padEnd(widths[1]!)}  ${about}`),
  );
  return lines.join('\n');
}

function priorityOf({ priority }: AnyJourney): string {
  if (priority === 'urgent') return 'urgent (ahead of the rest on a busy task queue)';
  return 'normal';
}

function reentryOf({ reentry }: AnyJourney): string {
  if (typeof reentry === 'string') return reentry;
  return `again after ${reentry.cooldown}${reentry.maxEntries === undefined ? '' : `, at most ${reentry.maxEntries} times`}`;
}
