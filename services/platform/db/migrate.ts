/**
 * Versioned migrations: services/platform/db/migrations/NNN_name.sql, applied in order, each once,
 * each in its own transaction. An advisory lock keeps concurrent starters from racing.
 * Each file's sha256 is recorded when it is applied, and an applied file that has since been
 * edited stops every run: its edit would never reach the databases that already ran it.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './pool.ts';

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));
const MIGRATION_LOCK = 7_233_001;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** `dir` is for tests; the product's migrations are services/platform/db/migrations. */
export async function migrate(db: Db, { dir = migrationsDir }: { dir?: string } = {}): Promise<string[]> {
  const migrations = readdirSync(dir)
    .filter((file) => /^\d{3}_[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const sql = readFileSync(join(dir, file), 'utf8');
      return { file, version: Number(file.slice(0, 3)), sql, checksum: sha256(sql) };
    });
  const client = await db.connect();
  const applied: string[] = [];
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`create table if not exists schema_migrations (
      version int primary key, name text not null, applied_at timestamptz not null default now())`);
    await client.query('alter table schema_migrations add column if not exists checksum text');
    const rows = (await client.query<{ version: number; checksum: string | null }>('select version, checksum from schema_migrations')).rows;
    const done = new Map(rows.map((row) => [row.version, row.checksum]));

    // 1. Every applied file must still read as it did; a mismatch applies nothing.
    const edited = migrations.find(({ version, checksum }) => done.get(version) && done.get(version) !== checksum);
    if (edited) throw new Error(`Migration ${edited.file} was edited after it was applied; put the change in a new migration instead`);
    // 2. Rows from before checksums were recorded: trust their files as they are now.
    for (const { version, checksum } of migrations.filter(({ version }) => done.get(version) === null)) {
      await client.query('update schema_migrations set checksum = $2 where version = $1', [version, checksum]);
    }
    // 3. The rest, in order.
    for (const { file, version, sql, checksum } of migrations.filter(({ version }) => !done.has(version))) {
      await client.query('begin');
      try {
        await client.query(sql);
        await client.query('insert into schema_migrations (version, name, checksum) values ($1, $2, $3)', [version, file, checksum]);
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
