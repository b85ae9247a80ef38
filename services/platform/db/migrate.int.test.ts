/** Migrations on the real PostgreSQL, in a throwaway schema with its own migrations directory. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { loadConfig } from '../config.ts';
import { migrate } from './migrate.ts';

const { databaseUrl } = loadConfig();
const schema = `migrate_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
const admin = new pg.Pool({ connectionString: databaseUrl, max: 1 });
const db = new pg.Pool({ connectionString: databaseUrl, max: 2, options: `-c search_path=${schema}` });

before(() => admin.query(`create schema ${schema}`));
after(async () => {
  await db.end();
  await admin.query(`drop schema ${schema} cascade`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
});

describe('migrate', () => {
  it('applies each file once, then refuses a run after an applied file was edited, applying nothing', async () => {
    writeFileSync(join(dir, '001_first.sql'), 'create table first (id int primary key);');
    writeFileSync(join(dir, '002_second.sql'), 'create table second (id int primary key);');
    assert.deepEqual(await migrate(db, { dir }), ['001_first.sql', '002_second.sql']);
    assert.deepEqual(await migrate(db, { dir }), []);

    writeFileSync(join(dir, '002_second.sql'), 'create table second (id int primary key, name text);');
    writeFileSync(join(dir, '003_third.sql'), 'create table third (id int primary key);');
    await assert.rejects(migrate(db, { dir }), /Migration 002_second\.sql was edited after it was applied/);
    const third = await db.query<{ name: string | null }>(`select to_regclass('third') as name`);
    assert.equal(third.rows[0]?.name, null);
  });

  it('fills in the checksum of a migration applied before checksums were recorded, trusting the file', async () => {
    await db.query('update schema_migrations set checksum = null where version = 1');
    writeFileSync(join(dir, '001_first.sql'), 'create table first (id int primary key); -- trusted as it is now');
    await assert.rejects(migrate(db, { dir }), /002_second\.sql/);
    writeFileSync(join(dir, '002_second.sql'), 'create table second (id int primary key);');
    assert.deepEqual(await migrate(db, { dir }), ['003_third.sql']);
    assert.deepEqual(await migrate(db, { dir }), []);
    writeFileSync(join(dir, '001_first.sql'), 'create table first (id bigint primary key);');
    await assert.rejects(migrate(db, { dir }), /Migration 001_first\.sql was edited after it was applied/);
  });
});
