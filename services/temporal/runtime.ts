import { DefaultLogger, Runtime } from '@temporalio/worker';

let installed = false;

/**
 * The SDK logs each worker start and its workflow bundle at INFO, which drowns everything
 * else; we keep its warnings. Runtime.install may run once per process, before any worker.
 */
export function installTemporalRuntime(): void {
  if (installed) return;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  installed = true;
}
