import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';

let installed = false;

/**
 * Workers that poll only workflows, or only activities, by design (the workflow queue and
 * one activity queue per channel): the SDK warns about each at start.
 */
const expectedWarnings = /^No (activities|workflows) registered, not polling for/;

/**
 * The SDK logs each worker start and its workflow bundle at INFO, which drowns everything
 * else; we keep its warnings. Runtime.install may run once per process, before any worker.
 */
export function installTemporalRuntime(): void {
  if (installed) return;
  const fallback = new DefaultLogger('WARN');
  const logger = new DefaultLogger('WARN', (entry: LogEntry) => {
    if (!expectedWarnings.test(entry.message)) fallback.log(entry.level, entry.message, entry.meta);
  });
  Runtime.install({ logger });
  installed = true;
}
