/**
 * `journeys journey apologize <journey id> <step>`: one apology to each customer a broken
 * or repeated message went to, through the log (services/platform/apologies/) and the
 * oops-apology journey, so the send gate decides each one as it decides every send.
 */
import type { Config } from '../platform/config.ts';
import { journeyRegistry } from '../../workflows/registry.ts';
import { ledgerStepsOf, recipientsOf, requestApologies } from '../platform/apologies/apology-requests.ts';
import type { Logger } from '../platform/logger.ts';
import { withDb, withEventLog } from './connections.ts';
import { UsageError } from './usage-error.ts';

const print = (line: string) => process.stdout.write(`${line}\n`);

export async function apologizeCommand(
  { config, logger }: { config: Config; logger: Logger },
  request: { journeyId: string; step: string; dryRun: boolean; sentSince?: Date; customerIds?: string[] },
): Promise<void> {
  // A mistyped journey is refused before any connection: the registry is code.
  const journeyIds = journeyRegistry.map((journey) => journey.id);
  if (!journeyIds.includes(request.journeyId))
    throw new UsageError(`unknown journey "${request.journeyId}" (journeys: ${journeyIds.join(', ')})`);
  await withDb(config, async (db) => {
    const steps = await ledgerStepsOf(db, request.journeyId);
    if (!steps.includes(request.step)) {
      const known = steps.length > 0 ? `steps in the message ledger: ${steps.join(', ')}` : 'the message ledger has no step of it';
      throw new UsageError(`${request.journeyId} has no step "${request.step}" (${known})`);
    }
    if (request.dryRun) {
      const customers = (await recipientsOf(db, request.journeyId, request.step, request.sentSince, request.customerIds)).length;
      print(`${customers} customer(s) got ${request.journeyId} ${request.step}; dry run, nothing written`);
      return;
    }
    const { customers, written } = await withEventLog(config, logger, (log) => requestApologies({ db, log }, request));
    print(`${customers} customer(s) got ${request.journeyId} ${request.step} and were asked to be apologised to`);
    print(`${written} Apology Requested event(s) written (repeats of an earlier run's are dropped: nobody gets a second apology)`);
  });
}
