/**
 * The Temporal workers of one process: one runs the customer and journey workflows; one per
 * channel runs that channel's send activities on its own task queue, where Temporal holds
 * the provider's send rate across every worker of the deployment.
 */
import { fileURLToPath } from 'node:url';
import { Worker, type NativeConnection, type WorkerPlugin } from '@temporalio/worker';
import webpack, { type Configuration } from 'webpack';
import { channelOfActivity, sendRatesOf } from '../../../activities/channels/index.ts';
import { channelTaskQueue, TASK_QUEUE } from '../../../schemas/names.ts';
import { channels, type Channel } from '../../../schemas/channels.ts';
import type { Activities } from '../../../activities/index.ts';
import type { SendRates } from '../../platform/provider-rates.ts';

export const workflowsPath = fileURLToPath(new URL('../../../workflows/index.ts', import.meta.url));

export interface Workers {
  taskQueue: string;
  /** Each channel's send rate (messages/s across all workers). */
  sendRates: SendRates;
  /** Runs every worker until shutdown; rejects when any fails. */
  run(): Promise<void>;
  shutdown(): void;
}

/** The activities that run on one channel's queue; null: those of no channel (the workflows' queue). */
function activitiesOf(activities: Activities, channel: Channel | null): Partial<Activities> {
  return Object.fromEntries(Object.entries(activities).filter(([name]) => channelOfActivity(name) === channel));
}

/**
 * Journey time is compiled into this worker's workflow bundle (workflows/lib/journey-time.ts)
 * rather than carried in every workflow's input and history.
 */
function withJourneyTimeScale(scale: number) {
  return (config: Configuration): Configuration => ({
    ...config,
    plugins: [...(config.plugins ?? []), new webpack.DefinePlugin({ JOURNEY_TIME_SCALE: JSON.stringify(scale) })],
  });
}

export async function createWorkers(options: {
  connection: NativeConnection;
  namespace?: string;
  activities: Activities;
  /** Set by `SEND_RATES`; the other channels send at their provider's default. */
  sendRates: Partial<SendRates>;
  taskQueue?: string;
  /** Multiplies every journey duration: 1 (the default) in production; below 1 in demos and end-to-end tests. */
  journeyTimeScale?: number;
  /** OpenTelemetry's, when tracing is on: spans for workflows and activities. */
  plugins?: WorkerPlugin[];
}): Promise<Workers> {
  const taskQueue = options.taskQueue ?? TASK_QUEUE;
  const sendRates = sendRatesOf(options.sendRates);
  const common = {
    connection: options.connection,
    ...(options.namespace ? { namespace: options.namespace } : {}),
    plugins: options.plugins ?? [],
  };
  const workers = [
    await Worker.create({
      ...common,
      taskQueue,
      workflowsPath,
      bundlerOptions: { webpackConfigHook: withJourneyTimeScale(options.journeyTimeScale ?? 1) },
      activities: activitiesOf(options.activities, null),
    }),
    ...(await Promise.all(
      channels.map((channel) =>
        Worker.create({
          ...common,
          taskQueue: channelTaskQueue(taskQueue, channel),
          activities: activitiesOf(options.activities, channel),
          // Enforced by the server for the whole task queue, whichever workers poll it.
          maxTaskQueueActivitiesPerSecond: sendRates[channel],
        }),
      ),
    )),
  ];
  return {
    taskQueue,
    sendRates,
    async run() {
      const running = workers.map((worker) => worker.run());
      try {
        await Promise.all(running);
      } catch (error) {
        for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
        await Promise.allSettled(running);
        throw error;
      }
    },
    shutdown() {
      for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
    },
  };
}
