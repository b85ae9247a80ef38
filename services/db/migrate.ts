/**
 * Versioned migrations: services/db/migrations/NNN_name.sql, applied in order, each once,
 * each in its own transaction. An advisory lock keeps concurrent starters from racing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './pool.ts';

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));
const MIGRATION_LOCK = 7_233_001;

export async function migrate(db: Db): Promise<string[]> {
  const files = readdirSync(migrationsDir).filter((file) => /^\d{3}_[\w-]+\.sql$/.test(file)).sort();
  const client = await db.connect();
  const applied: string[] = [];
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`create table if not exists schema_migrations (
      version int primary key, name text not null, applied_at timestamptz not null default now())`);
    const done = new Set((await client.query<{ version: number }>('select version from schema_migrations')).rows.map((row) => row.version));
    for (const file of files) {
      const version = Number(file.slice(0, 3));
      if (done.has(version)) continue;
      await client.query('begin');
      try {
        await client.query(readFileSync(migrationsDir + file, 'utf8'));
        await client.query('insert into schema_migrations (version, name) values ($1, $2)', [version, file]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw new Error(`Migration ${file} failed`, { cause: error });
      }
      applied.push(file);
    }
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
  return applied;
}
