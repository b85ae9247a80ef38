import pg from 'pg';

export type Db = pg.Pool;
/** The pool, or one client inside a transaction. */
export type Queryable = pg.Pool | pg.PoolClient;

export function createDb(databaseUrl: string): Db {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  // An idle client's error (e.g. the server restarted) must not crash the process; the
  // pool replaces the client on next use.
  pool.on('error', () => undefined);
  return pool;
}

/** Runs `work` in one transaction on one pooled client: committed if it returns, rolled back if it throws. */
export async function inTransaction<T>(db: Db, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await db.connect();
  let failure: Error | undefined;
  // A checked-out client is ours to watch: the server going away between two queries emits
  // 'error' on it, which unhandled would crash the process.
  const onError = (error: Error) => {
    failure ??= error;
  };
  client.on('error', onError);
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    // After a failure the connection may be dead (the server restarted): discard it rather
    // than hand it to the next transaction.
    client.off('error', onError);
    client.release(failure);
  }
}
