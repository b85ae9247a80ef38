import pg from 'pg';

export type Db = pg.Pool;

export function createDb(databaseUrl: string): Db {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  // An idle client's error (e.g. the server restarted) must not crash the process; the
  // pool replaces the client on next use.
  pool.on('error', () => undefined);
  return pool;
}
