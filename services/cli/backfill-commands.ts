/**
 * `journeys journey backfill <journey id>`: enters the customers a long-lived journey missed
 * because their trigger event came before the journey shipped (services/platform/journey-backfill/).
 * The entries go through the log and each customer's workflow, so the journey's own entry
 * rules, holdout and send gate decide as for any entry.
 */
import { journeyRegistry } from '../../workflows/registry.ts';
import type { Config } from '../platform/config.ts';
import { backfilledJourneys, backfillOf, countEntryRequests, requestEntries } from '../platform/journey-backfill/entry-requests.ts';
import type { Logger } from '../platform/logger.ts';
import { withDb, withEventLog } from './connections.ts';
import { UsageError } from './usage-error.ts';

const print = (line: string) => process.stdout.write(`${line}\n`);

export async function backfillCommand(
  { config, logger }: { config: Config; logger: Logger },
  request: { journeyId: string; dryRun: boolean; customerIds?: string[] },
): Promise<void> {
  const { journeyId } = request;
  const scope = request.customerIds ? { customerIds: request.customerIds } : {};
  // Refused before any connection: the registry is code.
  if (!journeyRegistry.some((journey) => journey.id === journeyId))
    throw new UsageError(`unknown journey "${journeyId}" (journeys: ${journeyRegistry.map((journey) => journey.id).join(', ')})`);
  const offers = backfillOf(journeyId);
  if (!offers)
    throw new UsageError(
      `${journeyId} has no backfill: only journeys a customer enters once and stays in for years do (${backfilledJourneys.join(', ')}); an old trigger would start the others late`,
    );
  await withDb(config, async (db) => {
    if (request.dryRun) {
      print(
        `${await countEntryRequests(db, journeyId, scope)} customer trigger(s) to offer ${journeyId} (${offers}); dry run, nothing written`,
      );
      return;
    }
    const written = await withEventLog(config, logger, (log) => requestEntries({ db, log }, journeyId, scope));
    print(`${written} Journey Entry Requested event(s) written for ${journeyId} (${offers})`);
    print('customers already in it stay as they are; running it again enters nobody twice');
  });
}
