import { setTimeout as delay } from 'node:timers/promises';

/** Polls `probe` until it returns a value; for scenarios and end-to-end tests. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, options: { timeoutMs: number; what: string }): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${options.what} after ${options.timeoutMs / 1000} s`);
    await delay(250);
  }
}
