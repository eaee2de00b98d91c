import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'pg';
import { migrate, MIGRATIONS_DIR, readMigrations } from '../../src/infra/database/migrator';
import { connect, createScratchDatabase, ScratchDatabase } from '../utils/scratch-db';

const MIGRATION = '20261201600000_roster_entries_reported_child';

/**
 * The migration that gives roster entries the child as reported moves existing rows: every entry gets the reported
 * child from the child it pointed at, entries of rosters never approved stop pointing into the registry, and children
 * only such rosters listed leave it (unless an admin set their birth order).
 */
describe(`migration ${MIGRATION}`, () => {
  let db: ScratchDatabase;
  let client: Client;
  let before: string;

  beforeAll(async () => {
    db = await createScratchDatabase('reported');
    before = mkdtempSync(join(tmpdir(), 'migrations-'));
    for (const m of readMigrations().filter((x) => x.name < MIGRATION))
      cpSync(join(MIGRATIONS_DIR, m.name), join(before, m.name), { recursive: true });
    await migrate(db.url, before);
    client = await connect(db.url);
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
    if (before) rmSync(before, { recursive: true, force: true });
  });

  it('fills the reported child of existing entries and unlinks (and unregisters) what only unapproved rosters listed', async () => {
    const q = (sql: string, params: unknown[] = []) => client.query(sql, params);
    await q(`INSERT INTO institutions (id, name, "creditCode", kind, "updatedAt")
             VALUES ('00000000-0000-4000-8000-000000000001', '测试机构', '91371523MA3C000001', 'PRIVATE', now())`);
    const child = (n: number, birthOrder: number | null) =>
      q(
        `INSERT INTO children (id, "idHash", "idCipher", "idMasked", "nameCipher", "keyId", "birthDate", sex, "birthOrder", "updatedAt")
         VALUES ($1, $2, $3, $4, $5, 'k1', '2024-02-0${n}', 'F', $6, now())`,
        [
          `00000000-0000-4000-8000-00000000010${n}`,
          String(n).repeat(64),
          `id-cipher-${n}`,
          `371523********${n}${n}${n}${n}`,
          `name-cipher-${n}`,
          birthOrder,
        ],
      );
    await child(1, 2); // on an approved roster
    await child(2, null); // only on a DRAFT
    await child(3, 3); // only on a DRAFT, but an admin set the birth order
    await child(4, null); // on a DRAFT and on a LOCKED roster
    const roster = (n: number, status: string, month: string) =>
      q(
        `INSERT INTO rosters (id, "institutionId", month, status, "updatedAt") VALUES ($1, '00000000-0000-4000-8000-000000000001', $2, $3, now())`,
        [`00000000-0000-4000-8000-00000000020${n}`, month, status],
      );
    await roster(1, 'APPROVED', '2026-01');
    await roster(2, 'DRAFT', '2026-03');
    await roster(3, 'LOCKED', '2025-12');
    const entry = (rosterN: number, childN: number) =>
      q(
        `INSERT INTO roster_entries (id, "rosterId", "childId", "rowIndex", "birthOrder", "guardianNameCipher", "enrolledOn", "attendanceDays")
         VALUES (gen_random_uuid(), $1, $2, 1, 2, 'k1:g', '2025-09-01', 20)`,
        [`00000000-0000-4000-8000-00000000020${rosterN}`, `00000000-0000-4000-8000-00000000010${childN}`],
      );
    await entry(1, 1);
    await entry(2, 2);
    await entry(2, 3);
    await entry(2, 4);
    await entry(3, 4);

    expect(await migrate(db.url)).toEqual([
      ...readMigrations()
        .map((m) => m.name)
        .filter((n) => n >= MIGRATION),
    ]);

    const { rows } = await q(`
      SELECT right(e."rosterId"::text, 1) AS roster, right(c.id::text, 1) AS child, e."childId" IS NOT NULL AS linked,
             e."idHash", e."idCipher", e."idMasked", e."nameCipher", to_char(e."birthDate", 'YYYY-MM-DD') AS "birthDate", e.sex
        FROM roster_entries e JOIN children c ON c."idHash" = e."idHash" OR c.id = e."childId"
       ORDER BY 1, 2`);
    expect(rows).toEqual([
      { roster: '1', child: '1', linked: true, ...reported(1) },
      { roster: '2', child: '3', linked: false, ...reported(3) },
      { roster: '2', child: '4', linked: false, ...reported(4) },
      { roster: '3', child: '4', linked: true, ...reported(4) },
    ]);
    // child 2 was only ever on a DRAFT: gone from the registry, but its entry keeps what was reported
    const { rows: children } = await q(`SELECT right(id::text, 1) AS n FROM children ORDER BY 1`);
    expect(children.map((c) => c.n)).toEqual(['1', '3', '4']);
    const { rows: orphan } = await q(`SELECT "childId", "idHash", "idCipher" FROM roster_entries WHERE "idHash" = $1`, ['2'.repeat(64)]);
    expect(orphan).toEqual([{ childId: null, idHash: '2'.repeat(64), idCipher: 'k1:id-cipher-2' }]);
  });
});

function reported(n: number) {
  return {
    idHash: String(n).repeat(64),
    idCipher: `k1:id-cipher-${n}`,
    idMasked: `371523********${n}${n}${n}${n}`,
    nameCipher: `k1:name-cipher-${n}`,
    birthDate: `2024-02-0${n}`,
    sex: 'F',
  };
}
