import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDatabase, migrate, MIGRATIONS_DIR, MigrationError, readMigrations } from '../../src/infra/database/migrator';
import { adminQuery, connect, createScratchDatabase, databaseUrl, ScratchDatabase, scratchName } from '../utils/scratch-db';

/** A migrations folder of our own: `files` maps migration name → SQL. */
function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
  for (const [name, sql] of Object.entries(files)) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

async function query<T extends object>(url: string, sql: string): Promise<T[]> {
  const client = await connect(url);
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  applied_steps_count: number;
}
const bookkeeping = (url: string) =>
  query<MigrationRow>(
    url,
    'SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
  );

describe('migration runner (src/infra/database/migrator.ts)', () => {
  const databases: ScratchDatabase[] = [];
  const dirs: string[] = [];
  const scratch = async (label: string) => {
    const db = await createScratchDatabase(label);
    databases.push(db);
    return db;
  };
  const tempDir = (files: Record<string, string>) => {
    const dir = migrationsDir(files);
    dirs.push(dir);
    return dir;
  };

  afterAll(async () => {
    for (const db of databases) await db.drop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('applies every migration once when two processes migrate at the same time, with Prisma bookkeeping', async () => {
    const db = await scratch('concurrent');
    const [a, b] = await Promise.all([migrate(db.url), migrate(db.url)]);
    const names = readMigrations().map((m) => m.name);
    expect(names.length).toBeGreaterThan(0);
    // one of them did all the work, the other waited for the lock and found nothing left
    expect([a, b].sort((x, y) => x.length - y.length)).toEqual([[], names]);

    const rows = await bookkeeping(db.url);
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    for (const row of rows) {
      const sql = readFileSync(join(MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
    }

    expect(await migrate(db.url)).toEqual([]);
    expect(await bookkeeping(db.url)).toHaveLength(names.length);
  });

  it('rolls a failing migration back entirely and says which one failed', async () => {
    const db = await scratch('failing');
    const dir = tempDir({
      '20260101000000_good': 'CREATE TABLE "good" ("id" INTEGER PRIMARY KEY);',
      '20260102000000_bad':
        'CREATE TABLE "half" ("id" INTEGER PRIMARY KEY);\nINSERT INTO "half" VALUES (1);\nSELECT * FROM "no_such_table";',
    });

    const error = await migrate(db.url, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toMatch(/^Migration 20260102000000_bad failed and was rolled back: .*no_such_table/);

    const tables = await query<{ tablename: string }>(db.url, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    expect(tables.map((t) => t.tablename)).toEqual(['_prisma_migrations', 'good']);
    const rows = await bookkeeping(db.url);
    expect(rows.map((r) => [r.migration_name, r.finished_at !== null])).toEqual([['20260101000000_good', true]]);

    // fixed file: the next run applies it
    writeFileSync(join(dir, '20260102000000_bad', 'migration.sql'), 'CREATE TABLE "half" ("id" INTEGER PRIMARY KEY);');
    expect(await migrate(db.url, dir)).toEqual(['20260102000000_bad']);
  });

  it('refuses to run when an applied migration was edited afterwards', async () => {
    const db = await scratch('edited');
    const dir = tempDir({ '20260101000000_first': 'CREATE TABLE "first" ("id" INTEGER PRIMARY KEY);' });
    expect(await migrate(db.url, dir)).toEqual(['20260101000000_first']);

    writeFileSync(join(dir, '20260101000000_first', 'migration.sql'), 'CREATE TABLE "first" ("id" BIGINT PRIMARY KEY);');
    mkdirSync(join(dir, '20260102000000_second'));
    writeFileSync(join(dir, '20260102000000_second', 'migration.sql'), 'CREATE TABLE "second" ("id" INTEGER PRIMARY KEY);');

    await expect(migrate(db.url, dir)).rejects.toThrow(
      new MigrationError('Migration 20260101000000_first was edited after it was applied; add a new migration instead'),
    );
    // nothing after the edited one ran either
    const tables = await query<{ tablename: string }>(db.url, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    expect(tables.map((t) => t.tablename)).toEqual(['_prisma_migrations', 'first']);
  });

  it('creates a missing database, once', async () => {
    const name = scratchName('ensure');
    databases.push({ name, url: databaseUrl(name), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) });
    const url = databaseUrl(name);

    const created = await Promise.all([ensureDatabase(url), ensureDatabase(url)]);
    expect(created.filter(Boolean)).toHaveLength(1);
    expect(await ensureDatabase(url)).toBe(false);
    expect(await query<{ one: number }>(url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });
});
