import { toDateString } from '../../../src/common/month';
import { PiiCipher } from '../../../src/infra/crypto/pii-cipher';
import type { PrismaService } from '../../../src/infra/database/prisma.service';
import { EligibilityRepository } from '../../../src/registry/eligibility.repository';
import { computeMonthLines, RuleLine } from '../../../src/settlement/subsidy-rule';
import { createChild, createFiledInstitution } from '../../utils/factories';
import { waitFor } from '../../utils/processes';
import type { TestApp } from '../../utils/test-app';

export interface EntrySpec {
  childId: string;
  birthOrder: number;
  enrolledOn?: string;
  withdrawnOn?: string | null;
  attendanceDays?: number;
}

/** A roster with its entries, written directly (the rosters module's endpoints are another issue's). */
export async function createRoster(
  prisma: PrismaService,
  institutionId: string,
  month: string,
  entries: EntrySpec[],
  options: { status?: 'APPROVED' | 'LOCKED' | 'DRAFT' | 'SUBMITTED'; version?: number } = {},
) {
  const roster = await prisma.roster.create({
    data: { institutionId, month, version: options.version ?? 1, status: options.status ?? 'APPROVED', reviewedAt: new Date() },
  });
  await prisma.rosterEntry.createMany({
    data: entries.map((e, i) => ({
      rosterId: roster.id,
      childId: e.childId,
      rowIndex: i + 1,
      birthOrder: e.birthOrder,
      guardianNameCipher: 'not-used-in-settlement',
      enrolledOn: new Date(`${e.enrolledOn ?? `${month}-01`}T00:00:00Z`),
      withdrawnOn: e.withdrawnOn ? new Date(`${e.withdrawnOn}T00:00:00Z`) : null,
      attendanceDays: e.attendanceDays ?? 20,
    })),
  });
  return roster;
}

type SettlementBody = {
  id: string;
  status: string;
  run: number;
  progress: { done: number; total: number };
  failureCode: string | null;
  failureReason: string | null;
};

/** Runs `month` (POST /settlements → 202) and waits until it is COMPUTED; answers the settlement's id. */
export async function settleMonth(t: TestApp, auth: { Authorization: string }, month: string): Promise<string> {
  const res = await t.http().post('/api/v1/settlements').set(auth).send({ month });
  expect(res.status).toBe(202);
  expect((await waitForStatus(t, auth, res.body.id, ['COMPUTED', 'FAILED'])).status).toBe('COMPUTED');
  return res.body.id as string;
}

/** Polls GET /settlements/:id until its status is one of `statuses`. */
export async function waitForStatus(
  t: TestApp,
  auth: { Authorization: string },
  id: string,
  statuses: string[],
  timeoutMs = 90_000,
): Promise<SettlementBody> {
  let last: unknown;
  return waitFor(
    `settlement ${id} to reach ${statuses.join('/')}`,
    async () => {
      const res = await t.http().get(`/api/v1/settlements/${id}`).set(auth);
      const body = res.body as SettlementBody;
      last = body;
      return statuses.includes(body.status) ? body : null;
    },
    timeoutMs,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; last answer: ${JSON.stringify(last)}`);
  });
}

/**
 * What the lines of `month` must be, from the pure rule over every effective roster of the month (not only
 * this test's: other test files share the database), with eligibility from the registry's rule.
 */
export async function expectedLines(t: TestApp, month: string): Promise<RuleLine[]> {
  const policy = await t.prisma.subsidyPolicy.findFirstOrThrow({
    where: { effectiveFrom: { lte: month } },
    orderBy: { effectiveFrom: 'desc' },
  });
  const eligibility = await t.app.get(EligibilityRepository).forMonth(month);
  const rows = await t.prisma.$queryRaw<
    {
      childId: string;
      institutionId: string;
      rosterId: string;
      birthOrder: number;
      birthDate: Date;
      enrolledOn: Date;
      withdrawnOn: Date | null;
      attendanceDays: number;
    }[]
  >`
    SELECT en."childId", r."institutionId", r.id AS "rosterId", COALESCE(c."birthOrder", en."birthOrder") AS "birthOrder", c."birthDate", en."enrolledOn", en."withdrawnOn", en."attendanceDays"
      FROM (SELECT DISTINCT ON ("institutionId") * FROM rosters WHERE month = ${month} AND status IN ('APPROVED', 'LOCKED')
             ORDER BY "institutionId", version DESC) r
      JOIN roster_entries en ON en."rosterId" = r.id JOIN children c ON c.id = en."childId"`;
  return computeMonthLines(
    month,
    policy,
    rows.map((r) => ({
      ...r,
      birthDate: toDateString(r.birthDate),
      enrolledOn: toDateString(r.enrolledOn),
      withdrawnOn: r.withdrawnOn ? toDateString(r.withdrawnOn) : null,
    })),
    new Set([...eligibility].filter(([, e]) => e.eligible).map(([id]) => id)),
  );
}

/** The stored lines of a settlement for its own month, in the pure rule's shape and order. */
export async function storedLines(prisma: PrismaService, settlementId: string, month: string): Promise<RuleLine[]> {
  const rows = await prisma.settlementLine.findMany({
    where: { settlementId, forMonth: month },
    select: { childId: true, institutionId: true, rosterId: true, birthOrder: true, amountFen: true, reason: true },
  });
  return rows
    .map((r) => ({ ...r, rosterId: r.rosterId ?? '' }))
    .sort((a, b) => (a.childId === b.childId ? (a.institutionId < b.institutionId ? -1 : 1) : a.childId < b.childId ? -1 : 1));
}

/**
 * `children` enrolled children of `month` across 3 new FILED, inclusive institutions, some born too early,
 * some with too little attendance, and every fifth child also on a second institution's roster.
 */
export async function seedMonth(t: TestApp, month: string, children: number): Promise<string[]> {
  const cipher = t.app.get(PiiCipher);
  const institutions = [
    await createFiledInstitution(t.prisma),
    await createFiledInstitution(t.prisma),
    await createFiledInstitution(t.prisma),
  ];
  const entries = new Map<string, EntrySpec[]>(institutions.map((i) => [i.id, []]));
  for (let n = 0; n < children; n += 1) {
    const birthOrder = 1 + (n % 3);
    const child = await createChild(t.prisma, cipher, { birthDate: n % 7 === 0 ? '2020-01-05' : '2023-02-10', birthOrder });
    entries.get(institutions[n % 3].id)!.push({ childId: child.id, birthOrder, attendanceDays: n % 11 });
    if (n % 5 === 0) entries.get(institutions[(n + 1) % 3].id)!.push({ childId: child.id, birthOrder, attendanceDays: 6 });
  }
  for (const [institutionId, list] of entries) await createRoster(t.prisma, institutionId, month, list);
  return institutions.map((i) => i.id);
}

/**
 * A COMPUTED settlement is exactly a fresh computation by the pure rule: the month's lines, no duplicate
 * (month, child, institution), per-institution counts and subsidy, and the settlement's totals. (Amounts
 * are compared without adjustments and carried overpayments, which depend on other test files' months.)
 */
export async function expectExactSettlement(t: TestApp, settlementId: string, month: string): Promise<void> {
  const expected = await expectedLines(t, month);
  expect(await storedLines(t.prisma, settlementId, month)).toEqual(expected);
  const [dup] = await t.prisma.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (SELECT 1 FROM settlement_lines WHERE "settlementId" = ${settlementId}::uuid
                                     GROUP BY "forMonth", "childId", "institutionId" HAVING count(*) > 1) d`;
  expect(dup.n).toBe(0);

  const paid = expected.filter((l) => l.reason === 'PAID_SECOND_CHILD' || l.reason === 'PAID_THIRD_CHILD');
  const byInstitution = new Map<string, { paidChildren: number; subsidyFen: number }>();
  for (const l of paid) {
    const sum = byInstitution.get(l.institutionId) ?? { paidChildren: 0, subsidyFen: 0 };
    byInstitution.set(l.institutionId, { paidChildren: sum.paidChildren + 1, subsidyFen: sum.subsidyFen + l.amountFen });
  }
  const institutions = await t.prisma.settlementInstitution.findMany({ where: { settlementId } });
  const stored = new Map(
    institutions
      .filter((i) => i.paidChildren > 0 || i.subsidyFen !== 0n)
      .map((i) => [i.institutionId, { paidChildren: i.paidChildren, subsidyFen: Number(i.subsidyFen) }]),
  );
  expect(stored).toEqual(byInstitution);

  const s = await t.prisma.settlement.findUniqueOrThrow({ where: { id: settlementId } });
  expect({ status: s.status, paidChildren: s.paidChildren, second: s.secondChildCount, third: s.thirdChildCount }).toEqual({
    status: 'COMPUTED',
    paidChildren: paid.length,
    second: paid.filter((l) => l.reason === 'PAID_SECOND_CHILD').length,
    third: paid.filter((l) => l.reason === 'PAID_THIRD_CHILD').length,
  });
  expect(Number(s.amountFen)).toBe(institutions.reduce((sum, i) => sum + Number(i.amountFen), 0));
}

/**
 * Publishes (when COMPUTED) and approves a settlement; both must succeed (each test file has its own
 * database, so nothing else is settling months at the same time).
 */
export async function publishAndApprove(t: TestApp, auth: { Authorization: string }, id: string): Promise<void> {
  const s = (await t.http().get(`/api/v1/settlements/${id}`).set(auth)).body as SettlementBody;
  if (s.status === 'COMPUTED') expect((await t.http().post(`/api/v1/settlements/${id}/publish`).set(auth)).status).toBe(200);
  const res = await t.http().post(`/api/v1/settlements/${id}/approve`).set(auth);
  expect({ status: res.status, code: res.body.code, message: res.body.message }).toEqual({
    status: 200,
    code: undefined,
    message: undefined,
  });
}
