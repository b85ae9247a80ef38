/**
 * One of the product's processes (`journeys router`, …) as a child process, as it runs in
 * production: the failure tests kill it with SIGKILL, which an in-process start cannot show.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { ProcessName } from '../../services/processes/composition-root.ts';

const cli = fileURLToPath(new URL('../../bin/journeys.js', import.meta.url));

export interface ProductProcess {
  /** SIGKILL: no shutdown hook runs, offsets in flight stay uncommitted. */
  kill(): Promise<void>;
  /** SIGTERM: the process stops its consumers and leaves the group. */
  stop(): Promise<void>;
  /** What the process wrote to stderr (its JSON log lines), to explain a failure. */
  output(): string;
}

export function startProductProcess(name: ProcessName, env: Record<string, string> = {}): ProductProcess {
  const child: ChildProcess = spawn(process.execPath, [cli, name], {
    env: { ...process.env, METRICS_PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-20_000);
  });
  const exited = once(child, 'exit');
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return { kill: () => signal('SIGKILL'), stop: () => signal('SIGTERM'), output: () => stderr };
}
