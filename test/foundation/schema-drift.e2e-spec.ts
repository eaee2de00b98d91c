import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'pg';
import { migrate } from '../../src/infra/database/migrator';
import { actualSchema, diffSchemas, expectedSchema, prismaNames, schemaDrift } from '../utils/schema-compare';
import { connect, createScratchDatabase, ScratchDatabase } from '../utils/scratch-db';

const PRISMA_SCHEMA = readFileSync(join(__dirname, '..', '..', 'prisma', 'schema.prisma'), 'utf8');

describe('schema.prisma and the migrations describe the same database', () => {
  let db: ScratchDatabase;
  let client: Client;

  beforeAll(async () => {
    db = await createScratchDatabase('drift');
    await migrate(db.url);
    client = await connect(db.url);
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it('migrating an empty database yields exactly what schema.prisma describes', async () => {
    const drift = await schemaDrift(client, PRISMA_SCHEMA);
    // the list itself is the failure message: each line names the table, column, index or key that drifted
    expect(drift).toEqual([]);
  });

  it('compares something real: every model, enum and relation of schema.prisma is checked', async () => {
    const expected = expectedSchema(PRISMA_SCHEMA);
    const actual = await actualSchema(client);
    expect(expected.tables.size).toBeGreaterThanOrEqual(20);
    expect([...actual.tables.keys()].sort()).toEqual([...expected.tables.keys()].sort());
    expect(actual.enums.get('Role')).toEqual(['admin', 'operator', 'finance', 'auditor']);

    const users = actual.tables.get('users')!;
    expect(users.columns.get('username')).toEqual({ type: 'character varying(64)', nullable: false, default: null });
    expect(users.columns.get('role')).toEqual({ type: 'USER-DEFINED(Role)', nullable: false, default: null });
    expect(users.columns.get('createdAt')).toEqual({ type: 'timestamp(3) with time zone', nullable: false, default: 'now' });
    expect(users.foreignKeys.get('users_institutionId_fkey')).toEqual({
      columns: ['institutionId'],
      refTable: 'institutions',
      refColumns: ['id'],
      onDelete: 'SetNull',
      onUpdate: 'Cascade',
    });
    expect(actual.tables.get('audit_logs')!.columns.get('id')).toEqual({ type: 'bigint', nullable: false, default: 'autoincrement' });
    expect(actual.tables.get('roster_entries')!.foreignKeys.get('roster_entries_rosterId_fkey')?.onDelete).toBe('Cascade');
    expect(actual.tables.get('roster_entries')!.foreignKeys.get('roster_entries_childId_fkey')?.onDelete).toBe('Restrict');
    expect(actual.tables.get('idempotency_keys')!.primaryKey).toEqual({ name: 'idempotency_keys_pkey', columns: ['userId', 'key'] });
  });

  it("follows Prisma's constraint names, truncated to PostgreSQL's 63 characters as Prisma does", () => {
    expect(prismaNames.unique('settlement_lines', ['settlementId', 'forMonth', 'childId', 'institutionId'])).toBe(
      'settlement_lines_settlementId_forMonth_childId_institutionI_key',
    );
    expect(prismaNames.index('audit_logs', ['entityType', 'entityId'])).toBe('audit_logs_entityType_entityId_idx');
    expect(prismaNames.foreignKey('users', ['institutionId'])).toBe('users_institutionId_fkey');
    expect(prismaNames.foreignKey('t'.repeat(70), ['c'])).toBe(`${'t'.repeat(58)}_fkey`);
    expect(prismaNames.primaryKey('users')).toBe('users_pkey');
  });

  it('seeds the default subsidy policy (2024-01: 300 / 400 yuan, 1 day, 36 months)', async () => {
    const { rows } = await client.query(`SELECT * FROM subsidy_policies WHERE "effectiveFrom" = '2024-01'`);
    expect(rows).toEqual([
      expect.objectContaining({
        effectiveFrom: '2024-01',
        secondChildFen: 30000,
        thirdChildFen: 40000,
        minAttendanceDays: 1,
        maxAgeMonths: 36,
      }),
    ]);
  });
});

describe('the schema comparison detects drift', () => {
  let db: ScratchDatabase;
  let client: Client;

  beforeAll(async () => {
    db = await createScratchDatabase('drifted');
    await migrate(db.url);
    client = await connect(db.url);
    await client.query(`
      ALTER TABLE "users" DROP COLUMN "tokenVersion";
      ALTER TABLE "users" ADD COLUMN "nickname" TEXT;
      ALTER TABLE "institutions" ALTER COLUMN "name" TYPE VARCHAR(100), ALTER COLUMN "address" SET NOT NULL;
      ALTER TABLE "children" ALTER COLUMN "createdAt" DROP DEFAULT;
      CREATE INDEX "institutions_name_idx" ON "institutions"("name");
      DROP INDEX "rosters_month_status_idx";
      CREATE INDEX "rosters_month_status_idx" ON "rosters"("status", "month");
      DROP INDEX "payments_voucherNo_key";
      CREATE INDEX "payments_voucherNo_key" ON "payments"("voucherNo");
      ALTER TABLE "grant_components" DROP CONSTRAINT "grant_components_grantId_fkey";
      ALTER TABLE "grant_components" ADD CONSTRAINT "grant_components_grantId_fkey" FOREIGN KEY ("grantId") REFERENCES "grants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
      ALTER TYPE "Role" ADD VALUE 'superuser';
      CREATE TABLE "leftovers" ("id" INTEGER PRIMARY KEY);
      DROP TABLE "townships";
    `);
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it('names each drifted table, column, type, nullability, default, index, foreign key and enum', async () => {
    const drift = await schemaDrift(client, PRISMA_SCHEMA);
    expect(drift.sort()).toEqual(
      [
        'enum "Role": schema.prisma has (admin, operator, finance, auditor), the database has (admin, operator, finance, auditor, superuser)',
        'table "children": column "createdAt" default should be now, is none',
        'table "grant_components": foreign key "grant_components_grantId_fkey" should be (grantId) → grants(id) ON DELETE Cascade ON UPDATE Cascade, is (grantId) → grants(id) ON DELETE Restrict ON UPDATE Cascade',
        'table "institutions": column "address" should be NULL, is NOT NULL',
        'table "institutions": column "name" should be character varying(200), is character varying(100)',
        'table "institutions": index "institutions_name_idx" is in the database but not in schema.prisma',
        'table "leftovers" is in the database but not in schema.prisma',
        'table "payments": index "payments_voucherNo_key" should be unique, is non-unique',
        'table "rosters": index "rosters_month_status_idx" should be on (month, status), is on (status, month)',
        'table "townships" is in schema.prisma but not in the database',
        'table "users": column "nickname" is in the database but not in schema.prisma',
        'table "users": column "tokenVersion" is in schema.prisma but not in the database',
      ].sort(),
    );
  });

  it('reports a missing primary key and a missing sequence', async () => {
    const expected = expectedSchema(PRISMA_SCHEMA);
    const actual = await actualSchema(client);
    actual.tables.get('audit_logs')!.primaryKey = null;
    actual.sequences.delete('audit_logs.id');
    expect(diffSchemas(expected, actual)).toEqual(
      expect.arrayContaining([
        'table "audit_logs": primary key "audit_logs_pkey" (id) is missing',
        'sequence of audit_logs.id (autoincrement) is missing',
      ]),
    );
  });
});
