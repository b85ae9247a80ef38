/** The Temporal worker: runs the customer and journey workflows and the send activities. */
import { fileURLToPath } from 'node:url';
import { Worker, type NativeConnection, type WorkerPlugin } from '@temporalio/worker';
import { TASK_QUEUE } from '../../schemas/names.ts';
import type { createActivities } from '../../activities/index.ts';

export const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

export async function createWorker(options: {
  connection: NativeConnection;
  namespace: string;
  activities: ReturnType<typeof createActivities>;
  taskQueue?: string;
  /** OpenTelemetry's, when tracing is on: spans for workflows and activities. */
  plugins?: WorkerPlugin[];
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    workflowsPath,
    activities: options.activities,
    plugins: options.plugins ?? [],
  });
}
