/**
 * Temporal's time-skipping test server (installed by infra/temporal-test-server.sh) with
 * our search attributes registered, as infra/temporal.sh registers them on the dev server.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import proto from '@temporalio/proto';
import { searchAttributes } from '../../schemas/names.ts';

let runtimeInstalled = false;

export async function createTimeSkippingEnv(testServerPath: string): Promise<TestWorkflowEnvironment> {
  if (!runtimeInstalled) {
    // The worker's bundle report and start-up lines would drown the test output.
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testServerPath } },
  });
  const keyword = proto.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
  await env.connection.operatorService.addSearchAttributes({
    namespace: 'default',
    searchAttributes: Object.fromEntries(Object.values(searchAttributes).map((key) => [key.name, keyword])),
  });
  return env;
}
