import { Prisma } from '../../src/generated/prisma/client';
import { toDateString } from '../../src/common/month';
import { PiiCipher } from '../../src/infra/crypto/pii-cipher';
import { EligibilityRepository } from '../../src/registry/eligibility.repository';
import { liveRostersSql, monthLinesSql } from '../../src/settlement/settlement-sql';
import { computeMonthLines, PolicyParams, RuleEntry, RuleLine } from '../../src/settlement/subsidy-rule';
import { createChild, createFiledInstitution } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';
import { createRoster, EntrySpec } from './support/settlement-fixtures';

/** Seeded, so a failing case can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The set-based SQL (what the workers run) and the pure function (subsidy-rule.ts) agree on random data
 * built around every edge: the 36-month line, attendance thresholds, enrolment at the month's edges,
 * children on up to three rosters with equal days and dates, ineligible institutions, roster versions.
 */
describe('the subsidy rule: SQL equals the pure function', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it.each([1, 2, 3])('on random data (seed %i)', async (seed) => {
    const month = '2025-03';
    const random = mulberry32(seed);
    const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
    const cipher = t.app.get(PiiCipher);
    const policy: PolicyParams = { secondChildFen: 30000, thirdChildFen: 40000, minAttendanceDays: pick([1, 3, 15]), maxAgeMonths: 36 };

    const institutions = [
      (await createFiledInstitution(t.prisma)).id,
      (await createFiledInstitution(t.prisma)).id,
      (await createFiledInstitution(t.prisma)).id,
      (await createFiledInstitution(t.prisma, { inclusiveFrom: null })).id,
    ];
    const births = ['2022-03-01', '2022-03-02', '2022-02-28', '2022-04-01', '2023-06-15', '2024-12-31', '2025-03-20', '2021-11-11'];
    const enrolled = ['2024-09-01', '2025-02-28', '2025-03-01', '2025-03-15', '2025-03-31', '2025-04-01'];
    const withdrawn = [null, null, null, '2025-02-28', '2025-03-01', '2025-03-31'];
    const entries = new Map<string, EntrySpec[]>(institutions.map((i) => [i, []]));
    for (let n = 0; n < 60; n += 1) {
      const birthOrder = pick([1, 2, 2, 3, 4]);
      // the child's confirmed order decides: mostly the roster's, sometimes corrected since, sometimes none yet
      const confirmed = pick<number | null>([birthOrder, birthOrder, birthOrder, null, pick([1, 2, 3])]);
      const child = await createChild(t.prisma, cipher, { birthDate: pick(births), birthOrder: confirmed });
      const count = pick([1, 1, 2, 3]);
      const sameDays = pick([true, false]);
      const sameDate = pick([true, false]);
      const days = Math.floor(random() * 23);
      const date = pick(enrolled);
      for (const institutionId of [...institutions].sort(() => random() - 0.5).slice(0, count)) {
        entries.get(institutionId)!.push({
          childId: child.id,
          birthOrder,
          attendanceDays: sameDays ? days : Math.floor(random() * 23),
          enrolledOn: sameDate ? date : pick(enrolled),
          withdrawnOn: pick(withdrawn),
        });
      }
    }
    for (const [institutionId, list] of entries)
      await createRoster(t.prisma, institutionId, month, list, { status: pick(['APPROVED', 'LOCKED']) });
    // an older version of the first roster, and a newer one not approved yet: neither is read
    await createRoster(t.prisma, institutions[0], month, [], { version: 0, status: 'LOCKED' });
    await createRoster(t.prisma, institutions[0], month, [], { version: 9, status: 'SUBMITTED' });

    const eligibility = await t.app.get(EligibilityRepository).forMonth(month, institutions);
    const eligible = institutions.filter((i) => eligibility.get(i)!.eligible);
    expect(eligible).toHaveLength(3);

    const mine = Prisma.sql`SELECT * FROM (${liveRostersSql(month, eligible)}) r WHERE r."institutionId" = ANY(${institutions}::uuid[])`;
    const sqlLines = await t.prisma.$queryRaw<RuleLine[]>`
      SELECT "childId", "institutionId", "rosterId", "birthOrder", "amountFen", reason::text AS reason
        FROM (${monthLinesSql(month, policy, mine)}) x ORDER BY "childId", "institutionId"`;

    const rows = await t.prisma.$queryRaw<
      (Omit<RuleEntry, 'birthDate' | 'enrolledOn' | 'withdrawnOn'> & { birthDate: Date; enrolledOn: Date; withdrawnOn: Date | null })[]
    >`
      SELECT en."childId", r."institutionId", r.id AS "rosterId", COALESCE(c."birthOrder", en."birthOrder") AS "birthOrder", c."birthDate", en."enrolledOn", en."withdrawnOn", en."attendanceDays"
        FROM rosters r JOIN roster_entries en ON en."rosterId" = r.id JOIN children c ON c.id = en."childId"
       WHERE r."institutionId" = ANY(${institutions}::uuid[]) AND r.month = ${month} AND r.version = 1`;
    const pure = computeMonthLines(
      month,
      policy,
      rows.map((r) => ({
        ...r,
        birthDate: toDateString(r.birthDate),
        enrolledOn: toDateString(r.enrolledOn),
        withdrawnOn: r.withdrawnOn && toDateString(r.withdrawnOn),
      })),
      new Set(eligible),
    );
    expect(sqlLines.length).toBeGreaterThan(40);
    expect(new Set(pure.map((l) => l.reason)).size).toBeGreaterThanOrEqual(6);
    expect(sqlLines).toEqual(pure);
  });
});
