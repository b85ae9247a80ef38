/**
 * Runs a publish function when kicked (a writer just recorded something) and once a second
 * (for what other processes recorded), one run at a time. A failed run (Kafka or PostgreSQL
 * away) is logged and retried by the next: what waits in the outbox is not lost.
 */
import type { Logger } from '../logger.ts';

const POLL_MS = 1_000;

export interface PolledPublisher {
  /** Publish now, without waiting for the next poll. */
  kick(): void;
  stop(): Promise<void>;
}

export function startPolledPublisher(deps: { what: string; publish: () => Promise<number>; logger: Logger }): PolledPublisher {
  let running: Promise<void> = Promise.resolve();
  let pending = false;
  let stopped = false;
  const publish = () => {
    if (pending || stopped) return;
    pending = true;
    running = running.then(async () => {
      pending = false;
      try {
        const published = await deps.publish();
        if (published > 0) deps.logger.info(`${deps.what} published`, { published });
      } catch (error) {
        deps.logger.warn(`${deps.what} not published yet`, { error: (error as Error).message });
      }
    });
  };
  const timer = setInterval(publish, POLL_MS);
  publish();
  return {
    kick: publish,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
