import { EligibilityRepository } from '../../src/registry/eligibility.repository';
import type { RuleLine } from '../../src/settlement/subsidy-rule';
import type { TestApp } from '../utils/test-app';
import { Auth, Model, MSettlement } from './model';

/**
 * The simulation's invariants, each against the pure rule (src/settlement/subsidy-rule.ts) applied to the model,
 * or against what the app itself said earlier. Each returns the violations it found (empty: holds); the driver
 * decides whether to stop. The texts name the month, child and institution involved.
 */
export interface Violation {
  invariant: string;
  message: string;
}

export interface InvariantContext {
  t: TestApp;
  model: Model;
  childIds: ReadonlyMap<string, string>;
  auditor: Auth;
}

const key = (l: { childId: string; institutionId: string }) => `${l.childId}|${l.institutionId}`;

type StoredLine = {
  settlementId: string;
  childId: string;
  institutionId: string;
  rosterId: string | null;
  amountFen: number;
  reason: string;
};

/** The settlements' own-month lines (no ADJUSTMENT), by settlement. */
async function ownLines(t: TestApp, settlementIds: string[]): Promise<Map<string, StoredLine[]>> {
  const rows = await t.prisma.$queryRaw<StoredLine[]>`
    SELECT l."settlementId"::text AS "settlementId", l."childId"::text AS "childId", l."institutionId"::text AS "institutionId",
           l."rosterId"::text AS "rosterId", l."amountFen", l.reason::text AS reason
      FROM settlement_lines l JOIN settlements s ON s.id = l."settlementId"
     WHERE s.id = ANY(${settlementIds}::uuid[]) AND l."forMonth" = s.month AND l.reason <> 'ADJUSTMENT'`;
  const out = new Map<string, StoredLine[]>(settlementIds.map((id) => [id, []]));
  for (const r of rows) out.get(r.settlementId)!.push(r);
  return out;
}

/** What each settlement says, independent of its status: a digest of its lines, institution parts and totals. */
export async function settlementFingerprints(t: TestApp, settlementIds: string[]): Promise<Map<string, string>> {
  const rows = await t.prisma.$queryRaw<{ id: string; fp: string }[]>`
    SELECT s.id::text AS id, md5(concat_ws('/', s.run, s."policyId", s."paidChildren", s."amountFen",
      (SELECT string_agg(concat_ws(' ', l."forMonth", l."childId", l."institutionId", l."rosterId", l."amountFen", l.reason, l."birthOrder"), ','
                         ORDER BY l."forMonth", l."childId", l."institutionId") FROM settlement_lines l WHERE l."settlementId" = s.id),
      (SELECT string_agg(concat_ws(' ', p."institutionId", p."paidChildren", p."subsidyFen", p."adjustmentFen", p."carriedInFen", p."amountFen",
                                   p."carriedForwardFen"), ',' ORDER BY p."institutionId") FROM settlement_institutions p WHERE p."settlementId" = s.id))) AS fp
      FROM settlements s WHERE s.id = ANY(${settlementIds}::uuid[])`;
  return new Map(rows.map((r) => [r.id, r.fp]));
}

export async function settlementFingerprint(t: TestApp, settlementId: string): Promise<string> {
  return (await settlementFingerprints(t, [settlementId])).get(settlementId)!;
}

/** The registry's eligibility answer for a month, per institution (what settlement and GET …/eligibility use). */
export async function registryAnswer(t: TestApp, month: string, institutionIds: string[]): Promise<Map<string, string>> {
  const answer = await t.app.get(EligibilityRepository).forMonth(month, institutionIds);
  return new Map([...answer].map(([id, e]) => [id, JSON.stringify(e)]));
}

function compareLines(expected: RuleLine[], actual: StoredLine[], names: (id: string) => string): string[] {
  const want = new Map(expected.map((l) => [key(l), l]));
  const got = new Map(actual.map((l) => [key(l), l]));
  const problems: string[] = [];
  for (const [k, w] of want) {
    const g = got.get(k);
    if (!g) problems.push(`${names(k)}: expected ${w.reason} ${w.amountFen}, no line`);
    else if (g.amountFen !== w.amountFen || g.reason !== w.reason || (g.rosterId ?? '') !== w.rosterId)
      problems.push(
        `${names(k)}: expected ${w.reason} ${w.amountFen} (roster ${w.rosterId}), got ${g.reason} ${g.amountFen} (roster ${g.rosterId})`,
      );
  }
  for (const [k, g] of got) if (!want.has(k)) problems.push(`${names(k)}: expected no line, got ${g.reason} ${g.amountFen}`);
  return problems;
}

/** A readable name for `childId|institutionId` (the model's names; never an ID number). */
export function namer(ctx: InvariantContext): (k: string) => string {
  const byChildId = new Map([...ctx.childIds].map(([idNumber, childId]) => [childId, ctx.model.children.get(idNumber)?.name ?? childId]));
  return (k: string) => {
    const [childId, institutionId] = k.split('|');
    return `${byChildId.get(childId) ?? childId} @ ${ctx.model.institutions.get(institutionId)?.name ?? institutionId}`;
  };
}

function approved(model: Model): MSettlement[] {
  return [...model.settlements.values()]
    .filter((s) => s.status === 'APPROVED' || s.status === 'PAID')
    .sort((a, b) => (a.month < b.month ? -1 : 1));
}

/**
 * 1. Every approved month's own lines equal the rule on that month's facts at approval.
 * 2. What an approved month's settlement says never changes afterwards (lines, parts, totals).
 * 3. The registry's eligibility answer for an approved month never changes, nor for a month skipped before it.
 */
export async function approvedMonthsHold(ctx: InvariantContext): Promise<Violation[]> {
  const out: Violation[] = [];
  const names = namer(ctx);
  const ids = [...ctx.model.institutions.keys()];
  const months = approved(ctx.model);
  const ids2 = months.map((s) => s.id);
  const [lines, fingerprints] = [await ownLines(ctx.t, ids2), await settlementFingerprints(ctx.t, ids2)];
  for (const s of months) {
    const problems = compareLines(s.approvedLines ?? [], lines.get(s.id) ?? [], names);
    if (problems.length) {
      out.push({
        invariant: 'approved-lines-equal-rule',
        message: `${s.month}: the approved lines differ from the rule on the month's approved facts (${problems.length}): ${problems.slice(0, 3).join('; ')}`,
      });
    }
    if (fingerprints.get(s.id) !== s.approvedFingerprint) {
      out.push({
        invariant: 'approved-settlement-unchanged',
        message: `${s.month}: the approved settlement's lines or totals changed after approval`,
      });
    }
    for (const [month, before] of [[s.month, s.approvedEligibility] as const, ...(s.skippedEligibility ?? new Map())]) {
      const now = await registryAnswer(ctx.t, month, ids);
      const changed = ids.filter((id) => before?.has(id) && before.get(id) !== now.get(id));
      if (changed.length) {
        out.push({
          invariant: 'registry-answer-unchanged',
          message: `${month}${month === s.month ? '' : ` (skipped before ${s.month})`}: the registry's eligibility answer changed after approval for ${changed
            .map((id) => `${ctx.model.institutions.get(id)?.name}: ${before?.get(id)} → ${now.get(id)}`)
            .join('; ')}`,
        });
      }
    }
  }
  return out;
}

/** Net paid per (forMonth, child, institution) over every APPROVED/PAID settlement (original lines plus adjustments). */
async function netPaid(t: TestApp) {
  return t.prisma.$queryRaw<{ forMonth: string; childId: string; institutionId: string; amountFen: number }[]>`
    SELECT l."forMonth", l."childId"::text AS "childId", l."institutionId"::text AS "institutionId", sum(l."amountFen")::int AS "amountFen"
      FROM settlement_lines l JOIN settlements s ON s.id = l."settlementId"
     WHERE s.status IN ('APPROVED', 'PAID')
     GROUP BY 1, 2, 3`;
}

/** 4. No child is paid twice for a month, nor more than the month's policy pays, nor a negative amount anywhere. */
export async function noChildPaidTwice(ctx: InvariantContext): Promise<Violation[]> {
  const out: Violation[] = [];
  const names = namer(ctx);
  const byChildMonth = new Map<string, { institutions: string[]; total: number }>();
  for (const r of await netPaid(ctx.t)) {
    if (r.amountFen < 0) {
      out.push({ invariant: 'no-child-paid-twice', message: `${r.forMonth} ${names(key(r))}: net paid is negative (${r.amountFen})` });
    }
    const k = `${r.forMonth}|${r.childId}`;
    const entry = byChildMonth.get(k) ?? { institutions: [], total: 0 };
    if (r.amountFen > 0) entry.institutions.push(r.institutionId);
    entry.total += r.amountFen;
    byChildMonth.set(k, entry);
  }
  for (const [k, v] of byChildMonth) {
    const [month, childId] = k.split('|');
    const policy = ctx.model.policy(month);
    const most = Math.max(policy.secondChildFen, policy.thirdChildFen);
    if (v.institutions.length > 1 || v.total > most) {
      out.push({
        invariant: 'no-child-paid-twice',
        message: `${month} ${names(`${childId}|${v.institutions[0] ?? ''}`)}: paid ${v.total} fen at ${v.institutions.length} institution(s); the month's policy pays at most ${most}`,
      });
    }
  }
  return out;
}

/**
 * 5. No institution's month is negative; each approved month's amount is subsidy + adjustments − carried in, never
 * below 0, the rest carried forward; what a month carries in is what the approved month before it carried forward
 * (so every overpayment is offset exactly once); payments never exceed what a month owes.
 */
export async function moneyConserved(ctx: InvariantContext): Promise<Violation[]> {
  const out: Violation[] = [];
  const months = approved(ctx.model);
  const ids = months.map((s) => s.id);
  // the institution amounts are bigint columns: compared as numbers here (fen sums of a simulated district fit)
  const allParts = (await ctx.t.prisma.settlementInstitution.findMany({ where: { settlementId: { in: ids } } })).map((p) => ({
    ...p,
    subsidyFen: Number(p.subsidyFen),
    adjustmentFen: Number(p.adjustmentFen),
    carriedInFen: Number(p.carriedInFen),
    amountFen: Number(p.amountFen),
    carriedForwardFen: Number(p.carriedForwardFen),
  }));
  const allSums = await ctx.t.prisma.$queryRaw<{ settlementId: string; institutionId: string; subsidy: number; adjustment: number }[]>`
    SELECT "settlementId"::text AS "settlementId", "institutionId"::text AS "institutionId",
           COALESCE(sum("amountFen") FILTER (WHERE reason <> 'ADJUSTMENT'), 0)::int AS subsidy,
           COALESCE(sum("amountFen") FILTER (WHERE reason = 'ADJUSTMENT'), 0)::int AS adjustment
      FROM settlement_lines WHERE "settlementId" = ANY(${ids}::uuid[]) GROUP BY 1, 2`;
  const allPaid = await ctx.t.prisma.payment.groupBy({
    by: ['settlementId', 'institutionId'],
    where: { settlementId: { in: ids } },
    _sum: { amountFen: true },
  });
  const carried = new Map<string, number>();
  for (const s of months) {
    const parts = allParts.filter((p) => p.settlementId === s.id);
    const sums = allSums.filter((r) => r.settlementId === s.id);
    const lineSums = new Map(sums.map((r) => [r.institutionId, r]));
    const seen = new Set<string>();
    for (const p of parts) {
      seen.add(p.institutionId);
      const name = `${s.month} ${ctx.model.institutions.get(p.institutionId)?.name ?? p.institutionId}`;
      const net = p.subsidyFen + p.adjustmentFen - p.carriedInFen;
      if (p.amountFen < 0 || p.carriedForwardFen < 0)
        out.push({ invariant: 'money-conserved', message: `${name}: negative amount or carry (${p.amountFen}, ${p.carriedForwardFen})` });
      if (p.amountFen !== Math.max(0, net) || p.carriedForwardFen !== Math.max(0, -net))
        out.push({
          invariant: 'money-conserved',
          message: `${name}: amount ${p.amountFen} / carried forward ${p.carriedForwardFen} do not follow from subsidy ${p.subsidyFen} + adjustment ${p.adjustmentFen} − carried in ${p.carriedInFen}`,
        });
      const ls = lineSums.get(p.institutionId);
      if ((ls?.subsidy ?? 0) !== p.subsidyFen || (ls?.adjustment ?? 0) !== p.adjustmentFen)
        out.push({ invariant: 'money-conserved', message: `${name}: the parts' subsidy/adjustment differ from the sum of the lines` });
      const expectedIn = carried.get(p.institutionId) ?? 0;
      if (p.carriedInFen !== expectedIn)
        out.push({
          invariant: 'money-conserved',
          message: `${name}: carried in ${p.carriedInFen}, but the approved months before it carried forward ${expectedIn} (an overpayment offset twice or lost)`,
        });
    }
    for (const [institutionId, amount] of carried)
      if (amount > 0 && !seen.has(institutionId))
        out.push({
          invariant: 'money-conserved',
          message: `${s.month}: ${ctx.model.institutions.get(institutionId)?.name} carried ${amount} forward, which this month lost`,
        });
    carried.clear();
    for (const p of parts) if (p.carriedForwardFen > 0) carried.set(p.institutionId, p.carriedForwardFen);

    for (const row of allPaid.filter((r) => r.settlementId === s.id)) {
      const owed = parts.find((p) => p.institutionId === row.institutionId)?.amountFen ?? 0;
      if ((row._sum.amountFen ?? 0) > owed)
        out.push({
          invariant: 'money-conserved',
          message: `${s.month}: ${ctx.model.institutions.get(row.institutionId)?.name} was paid ${row._sum.amountFen} but is owed ${owed}`,
        });
    }
  }
  return out;
}

/**
 * 5b. Months are approved in month order: a month approved after a later one would pay the corrections and offset the
 * overpayments that the later month already paid and offset (late rosters are paid as corrections in an open month).
 */
export async function monthsApprovedInOrder(ctx: InvariantContext): Promise<Violation[]> {
  const rows = await ctx.t.prisma.settlement.findMany({
    where: { status: { in: ['APPROVED', 'PAID'] } },
    select: { month: true, approvedAt: true },
    orderBy: { month: 'asc' },
  });
  const out: Violation[] = [];
  for (let i = 1; i < rows.length; i += 1) {
    const earlier = rows.slice(0, i).find((r) => (r.approvedAt?.getTime() ?? 0) > (rows[i].approvedAt?.getTime() ?? 0));
    if (earlier)
      out.push({
        invariant: 'months-approved-in-order',
        message: `${earlier.month} was approved after the later month ${rows[i].month} had been approved`,
      });
  }
  return out;
}

/**
 * 6b. Each settlement's audit trail tells its history without gaps: every entry's `before.status` is the previous
 * entry's `after.status`, and the last one's is the settlement's status now.
 */
export async function settlementAuditConsistent(ctx: InvariantContext): Promise<Violation[]> {
  const out: Violation[] = [];
  const settlements = [...ctx.model.settlements.values()];
  const entries = await ctx.t.prisma.auditLog.findMany({
    where: { entityType: 'Settlement', entityId: { in: settlements.map((s) => s.id) } },
    select: { id: true, action: true, entityId: true, before: true, after: true },
    orderBy: { id: 'asc' },
  });
  const rows = await ctx.t.prisma.settlement.findMany({
    where: { id: { in: settlements.map((s) => s.id) } },
    select: { id: true, status: true },
  });
  for (const s of settlements) {
    let status: string | null = null;
    let last = '';
    for (const e of entries.filter((x) => x.entityId === s.id)) {
      const before = (e.before as { status?: string } | null)?.status ?? null;
      const after = (e.after as { status?: string } | null)?.status ?? null;
      if (status !== null && before !== null && before !== status)
        out.push({
          invariant: 'settlement-audit-consistent',
          message: `${s.month}: audit entry ${e.id} ${e.action} says it changed ${before} → ${after}, but the entry before it (${last}) left it ${status}`,
        });
      if (after !== null) status = after;
      last = `${e.action} → ${after}`;
    }
    const now = rows.find((r) => r.id === s.id)?.status;
    if (status !== null && now !== undefined && now !== status)
      out.push({
        invariant: 'settlement-audit-consistent',
        message: `${s.month}: the audit trail ends in ${status}, the settlement is ${now}`,
      });
  }
  return out;
}

/** 6. The audit chain verifies (GET /api/v1/audit-logs/verify). */
export async function auditChainVerifies(ctx: InvariantContext): Promise<Violation[]> {
  const res = await ctx.t.http().get('/api/v1/audit-logs/verify').set(ctx.auditor);
  if (res.status !== 200 || res.body.valid !== true)
    return [{ invariant: 'audit-chain-verifies', message: `audit verify answered ${res.status} ${JSON.stringify(res.body)}` }];
  return [];
}

/**
 * 7. Once every correction is settled: what each child-month was paid in total at each institution (original lines
 * plus adjustments, over every approved settlement) equals the rule on the final data, for every month up to `last`.
 */
export async function finalTotalsEqualRule(ctx: InvariantContext, first: string, last: string): Promise<Violation[]> {
  const names = namer(ctx);
  const paid = new Map<string, number>();
  for (const r of await netPaid(ctx.t)) if (r.forMonth <= last) paid.set(`${r.forMonth}|${key(r)}`, r.amountFen);
  const expected = new Map<string, number>();
  for (const month of Model.months(first, last))
    for (const l of ctx.model.ruleLines(month, ctx.childIds)) if (l.amountFen !== 0) expected.set(`${month}|${key(l)}`, l.amountFen);
  const problems: string[] = [];
  for (const k of new Set([...paid.keys(), ...expected.keys()])) {
    const want = expected.get(k) ?? 0;
    const got = paid.get(k) ?? 0;
    if (want !== got) {
      const [month, childId, institutionId] = k.split('|');
      problems.push(`${month} ${names(`${childId}|${institutionId}`)}: the rule on the final data says ${want}, paid in total ${got}`);
    }
  }
  return problems.length
    ? [{ invariant: 'final-totals-equal-rule', message: `${problems.length} child-month(s) differ: ${problems.slice(0, 4).join('; ')}` }]
    : [];
}

/** Corrections not yet paid by any approved settlement: effective rosters of earlier months still APPROVED (not LOCKED). */
export function openCorrections(model: Model, upTo: string): string[] {
  return model
    .allRosters()
    .filter((r) => r.month <= upTo && r.status === 'APPROVED' && model.effectiveRosters(r.month).includes(r))
    .map((r) => `${r.month} ${model.institutions.get(r.institutionId)?.name} v${r.version}`);
}
