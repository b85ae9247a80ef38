/**
 * A database of a test's own on the stack's PostgreSQL server, for a product whose log is
 * not the stack's (its projections must not mix with those of the stack's log). The
 * product migrates it at start; drop() removes it.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';

export async function createScratchDatabase(serverUrl: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomUUID().slice(0, 8)}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}
