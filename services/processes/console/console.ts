/**
 * The operators' web console, a process of its own (`journeys console`): what each journey
 * earns and who is in it, and each customer's story, read from PostgreSQL and Temporal.
 * Read-only. It refuses to start without an operator token (CONSOLE_TOKEN), as anyone who
 * reaches it would otherwise read every customer's profile.
 */
import type { Config } from '../../platform/config.ts';
import { migrate } from '../../platform/db/migrate.ts';
import { createDb } from '../../platform/db/pool.ts';
import type { Logger } from '../../platform/logger.ts';
import { scopeOf } from '../../platform/operator-reports.ts';
import { connectTemporal } from '../../platform/temporal/client.ts';
import { createConsoleApp } from './console-app.ts';
import { createConsoleReads } from './reads.ts';

export interface RunningConsole {
  /** Where it listens, e.g. http://127.0.0.1:8090 (without the token). */
  url: string;
  stop(): Promise<void>;
}

const MIN_TOKEN_LENGTH = 16;

/** The token to sign in with: `token` (the demo's, made for its run) or CONSOLE_TOKEN. */
function operatorToken(config: Config, token: string | undefined): string {
  const chosen = token ?? config.console.token;
  if (chosen === null)
    throw new Error(
      'Invalid configuration:\n  CONSOLE_TOKEN: required to start the console (at least 16 characters, e.g. `openssl rand -hex 24`)',
    );
  if (chosen.length < MIN_TOKEN_LENGTH) throw new Error('Invalid configuration:\n  CONSOLE_TOKEN: must be at least 16 characters');
  return chosen;
}

export async function startConsole(
  config: Config,
  logger: Logger,
  options: { token?: string; port?: number } = {},
): Promise<RunningConsole> {
  const token = operatorToken(config, options.token);
  const db = createDb(config.databaseUrl);
  let temporal: Awaited<ReturnType<typeof connectTemporal>> | undefined;
  try {
    await migrate(db);
    temporal = await connectTemporal(config.temporal);
    const app = await createConsoleApp({ token, reads: createConsoleReads(scopeOf(config, { temporal, db })), logger });
    await app.listen({ port: options.port ?? config.console.port, host: config.console.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.console.port;
    // Listening on every interface: this host reaches it on the loopback.
    const { host } = config.console;
    const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
    const url = `http://${shown}:${port}`;
    logger.info('console listening', { url });
    const connection = temporal.connection;
    return {
      url,
      async stop() {
        await app.close();
        await connection.close();
        await db.end();
      },
    };
  } catch (error) {
    await temporal?.connection.close();
    await db.end();
    throw error;
  }
}
