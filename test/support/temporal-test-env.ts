/**
 * Temporal's time-skipping test server (installed by infra/temporal-test-server.sh) with
 * our search attributes registered, as infra/temporal.sh registers them on the dev server.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import proto from '@temporalio/proto';
import { searchAttributes } from '../../schemas/names.ts';
import { installTemporalRuntime } from '../../services/platform/temporal/runtime.ts';

export async function createTimeSkippingEnv(testServerPath: string): Promise<TestWorkflowEnvironment> {
  installTemporalRuntime();
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
