import { Injectable } from '@nestjs/common';
import { institutionScope, assertInstitutionAccess } from '../auth/access';
import { AuditService } from '../audit/audit.service';
import { ConflictError, NotFoundError, UnprocessableError } from '../common/errors';
import { addMonths, shanghaiMonthOf } from '../common/month';
import { Page, skipTake, toPage } from '../common/pagination';
import type { Actor } from '../common/request-context';
import { Prisma, Settlement, SettlementInstitution } from '../generated/prisma/client';
import type { SettlementStatus } from '../generated/prisma/enums';
import { PrismaService, Tx } from '../infra/database/prisma.service';
import { EligibilityRepository } from '../registry/eligibility.repository';
import { SubsidyPolicyService } from '../subsidy-policy/subsidy-policy.service';
import { LineQuery, SettlementQuery } from './dto/settlement.dto';
import { SettlementOutbox } from './queue/settlement-outbox';
import { SettlementProducer } from './queue/settlement.producer';
import { fixPayees } from './payee-snapshot';
import { lockMonth } from './settlement-lock';
import { effectiveRostersSql } from './settlement-sql';
import { Clock } from '../infra/clock/clock';
import { InstitutionPartView, SettlementLineView, SettlementView } from './settlement.view';
import { label, LINE_REASON_LABELS, SETTLEMENT_STATUS_LABELS } from '../common/i18n/labels';

/** Statuses whose lines and totals are complete; before that a run is in progress and shows none. */
const COMPUTED_STATES: SettlementStatus[] = ['COMPUTED', 'PUBLISHED', 'APPROVED', 'PAID'];

export type InstitutionPart = InstitutionPartView;

/**
 * The settlement workflow (API side): queue a run, read it, publish, approve. The computation itself
 * is in settlement-compute.service.ts, run by the workers.
 */
@Injectable()
export class SettlementService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly producer: SettlementProducer,
    private readonly outbox: SettlementOutbox,
    private readonly policies: SubsidyPolicyService,
    private readonly clock: Clock,
    private readonly eligibility: EligibilityRepository,
  ) {}

  /**
   * Queues a run of `month` (POST /settlements). `onlyIfAbsent` (the scheduler): do nothing when the month
   * has a settlement already. Redis unreachable → 503 before anything is written. The run and its outbox row
   * are written in one transaction; the job is put on the queue only after the commit (SettlementOutbox), and
   * retried by every process until it is, so a month is never left QUEUED without a job.
   */
  async requestRun(month: string, options: { onlyIfAbsent?: boolean } = {}): Promise<SettlementView> {
    if (month >= shanghaiMonthOf(this.clock.now())) {
      throw new UnprocessableError('Only a month that is over can be settled', [
        { field: 'month', code: 'MONTH_NOT_OVER', message: `${month} 是本月或以后的月份，月份结束后才能结算` },
      ]);
    }
    const existing = await this.prisma.settlement.findUnique({ where: { month } });
    if (existing) {
      if (options.onlyIfAbsent) return this.view(existing);
      this.assertNotApproved(existing);
      if ((existing.status === 'QUEUED' || existing.status === 'RUNNING') && (await this.runAlive(existing))) return this.view(existing);
    }
    if (!options.onlyIfAbsent || !existing) await assertNoLaterMonthApproved(this.prisma, month);
    await this.producer.assertAvailable();

    const settlement = await this.prisma.$transaction(
      async (tx) => {
        // serialises callers of this month (and waits for chunks of an older run still writing)
        await lockMonth(tx, month, 'exclusive');
        // the row lock too: whatever else changes the row (publish takes the month lock as well) waits for this
        await tx.$queryRaw`SELECT id FROM settlements WHERE month = ${month} FOR UPDATE`;
        const current = await tx.settlement.findUnique({ where: { month } });
        if (current && options.onlyIfAbsent) return current;
        await assertNoLaterMonthApproved(tx, month);
        if (current) {
          this.assertNotApproved(current);
          if ((current.status === 'QUEUED' || current.status === 'RUNNING') && (await this.runAlive(current))) return current;
        }
        const queued = current
          ? await tx.settlement.update({
              where: { id: current.id },
              data: {
                status: 'QUEUED',
                run: { increment: 1 },
                progressDone: 0,
                progressTotal: 0,
                failureCode: null,
                failureReason: null,
                paidChildren: 0,
                secondChildCount: 0,
                thirdChildCount: 0,
                amountFen: 0,
                queuedAt: this.clock.now(),
                startedAt: null,
                computedAt: null,
                publishedAt: null,
              },
            })
          : await tx.settlement.create({ data: { month, status: 'QUEUED', run: 1, queuedAt: this.clock.now() } });
        await this.outbox.add(tx, { settlementId: queued.id, month, run: queued.run });
        await this.audit.record(tx, {
          action: 'SETTLEMENT_QUEUED',
          entityType: 'Settlement',
          entityId: queued.id,
          before: current ? { status: current.status, run: current.run } : null,
          after: { status: queued.status, run: queued.run, month },
        });
        return queued;
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
    if (settlement.status === 'QUEUED') await this.outbox.send(settlement.id, settlement.run);
    return this.view(settlement);
  }

  async list(query: SettlementQuery, actor: Actor): Promise<Page<SettlementView>> {
    const where: Prisma.SettlementWhereInput = { month: query.month, status: query.status };
    const [rows, total] = await Promise.all([
      this.prisma.settlement.findMany({ where, orderBy: { month: 'desc' }, ...skipTake(query) }),
      this.prisma.settlement.count({ where }),
    ]);
    const scope = institutionScope(actor);
    const computedIds = rows.filter((s) => COMPUTED_STATES.includes(s.status)).map((s) => s.id);
    const parts = computedIds.length
      ? await this.prisma.settlementInstitution.findMany({
          where: { settlementId: { in: computedIds }, institutionId: scope },
          include: { institution: { select: { name: true } } },
          orderBy: [{ settlementId: 'asc' }, { institutionId: 'asc' }],
        })
      : [];
    const bySettlement = new Map<string, typeof parts>();
    for (const p of parts) bySettlement.set(p.settlementId, [...(bySettlement.get(p.settlementId) ?? []), p]);
    return toPage(
      rows.map((s) => this.toView(s, bySettlement.get(s.id) ?? [], scope)),
      total,
      query,
    );
  }

  async get(id: string, actor: Actor): Promise<SettlementView> {
    return this.view(await this.find(id), actor);
  }

  async lines(id: string, query: LineQuery, actor: Actor): Promise<Page<SettlementLineView>> {
    const settlement = await this.find(id);
    if (query.institutionId) assertInstitutionAccess(actor, query.institutionId);
    if (!COMPUTED_STATES.includes(settlement.status)) return toPage([], 0, query);
    const where: Prisma.SettlementLineWhereInput = {
      settlementId: id,
      institutionId: institutionScope(actor) ?? query.institutionId,
      reason: query.reason,
      forMonth: query.forMonth,
      childId: query.childId,
    };
    const [rows, total] = await Promise.all([
      this.prisma.settlementLine.findMany({
        where,
        orderBy: { id: 'asc' },
        ...skipTake(query),
      }),
      this.prisma.settlementLine.count({ where }),
    ]);
    // lines have no foreign key (so no relation) to children: the page's children are read by id
    const children = await this.prisma.child.findMany({
      where: { id: { in: rows.map((l) => l.childId) } },
      select: { id: true, idMasked: true },
    });
    const maskedOf = new Map(children.map((c) => [c.id, c.idMasked]));
    return toPage(
      rows.map((l) => ({
        id: Number(l.id),
        childId: l.childId,
        idNumber: maskedOf.get(l.childId)!,
        institutionId: l.institutionId,
        rosterId: l.rosterId,
        forMonth: l.forMonth,
        birthOrder: l.birthOrder,
        amountFen: l.amountFen,
        reason: l.reason,
        reasonLabel: label(LINE_REASON_LABELS, l.reason),
      })),
      total,
      query,
    );
  }

  /**
   * COMPUTED → PUBLISHED. Takes the month lock first, as a new run does: a re-run requested at the same time
   * either runs before (then this is refused, the month is QUEUED) or after it (and re-runs the PUBLISHED
   * month, audited as such) — never on a state it read before the publication.
   */
  async publish(id: string): Promise<SettlementView> {
    const found = await this.find(id);
    const settlement = await this.prisma.$transaction(async (tx) => {
      await lockMonth(tx, found.month, 'exclusive');
      const [row] = await tx.$queryRaw<{ status: SettlementStatus }[]>`SELECT status FROM settlements WHERE id = ${id}::uuid FOR UPDATE`;
      if (!row) throw new NotFoundError('Settlement');
      if (row.status !== 'COMPUTED')
        throw new ConflictError('INVALID_STATE', `Only a COMPUTED settlement can be published (it is ${row.status})`).with({
          status: row.status,
          needs: 'COMPUTED',
        });
      const updated = await tx.settlement.update({ where: { id }, data: { status: 'PUBLISHED', publishedAt: this.clock.now() } });
      await this.audit.record(tx, {
        action: 'SETTLEMENT_PUBLISHED',
        entityType: 'Settlement',
        entityId: id,
        before: { status: row.status },
        after: { status: updated.status, month: updated.month },
      });
      return updated;
    });
    return this.view(settlement);
  }

  /**
   * PUBLISHED → APPROVED, locking every roster version the settlement paid from (the month's own and
   * corrections of earlier months posted as adjustments; one ROSTER_LOCKED audit entry each). Months are
   * approved in order: 409 EARLIER_MONTH_NOT_APPROVED while a settlement of an earlier month is not
   * APPROVED/PAID. Refused (409 SETTLEMENT_STALE) when what it was computed from has changed since: another
   * policy in force, other roster versions, an earlier month approved after it was computed, a correction it
   * pays already paid by another approved settlement, or other overpayments carried in. Re-run it first.
   */
  async approve(id: string, actor: Actor): Promise<SettlementView> {
    const found = await this.find(id);
    const settlement = await this.prisma.$transaction(
      async (tx) => {
        await lockMonth(tx, found.month, 'exclusive');
        const s = await tx.settlement.findUniqueOrThrow({ where: { id } });
        if (s.status !== 'PUBLISHED')
          throw new ConflictError('INVALID_STATE', `Only a PUBLISHED settlement can be approved (it is ${s.status})`).with({
            status: s.status,
            needs: 'PUBLISHED',
          });
        // months are approved in order: an earlier month would otherwise pay the same corrections and offset
        // the same carried overpayments again
        const earlier = await tx.settlement.findMany({
          where: { month: { lt: s.month }, status: { notIn: ['APPROVED', 'PAID'] } },
          select: { month: true, status: true },
          orderBy: { month: 'asc' },
        });
        if (earlier.length)
          throw new ConflictError(
            'EARLIER_MONTH_NOT_APPROVED',
            `Approve the earlier month(s) first: ${earlier.map((e) => `${e.month} (${e.status})`).join(', ')}`,
          ).with({ months: earlier.map((e) => e.month) });
        await assertNoLaterMonthApproved(tx, s.month);
        const changes = await this.staleness(tx, s);
        if (changes.length) throw stale(changes);

        const locked = await tx.$queryRaw<{ id: string; institutionId: string; month: string; version: number }[]>`
          UPDATE rosters SET status = 'LOCKED', "lockedAt" = ${this.clock.now()}, "updatedAt" = now()
           WHERE status = 'APPROVED' AND id IN (SELECT "rosterId" FROM settlement_rosters WHERE "settlementId" = ${id}::uuid AND consumed)
          RETURNING id, "institutionId", month, version`;
        const updated = await tx.settlement.update({
          where: { id },
          data: { status: 'APPROVED', approvedAt: this.clock.now(), approvedById: actor.id },
        });
        await fixPayees(tx, id, updated.approvedAt!);
        for (const r of locked.sort((a, b) => (a.id < b.id ? -1 : 1))) {
          await this.audit.record(tx, {
            action: 'ROSTER_LOCKED',
            entityType: 'Roster',
            entityId: r.id,
            before: { status: 'APPROVED' },
            after: { status: 'LOCKED', institutionId: r.institutionId, month: r.month, version: r.version, settlementId: id },
          });
        }
        await this.audit.record(tx, {
          action: 'SETTLEMENT_APPROVED',
          entityType: 'Settlement',
          entityId: id,
          before: { status: s.status },
          after: { status: updated.status, month: updated.month, lockedRosterIds: locked.map((r) => r.id) },
        });
        return updated;
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
    return this.view(settlement);
  }

  /**
   * What changed since the run was computed, each as a Chinese sentence (empty: nothing). Compared with what
   * the run saw: the policy version in force, the month's effective roster versions, each institution's
   * eligibility inputs (filed at some moment of the month — filing, suspension, closure — and the inclusive
   * designation), the children's confirmed birth orders, corrections it pays that another approved settlement
   * paid meanwhile, the overpayments carried in, an earlier month approved after it was computed.
   */
  private async staleness(tx: Tx, s: Settlement): Promise<string[]> {
    const id = s.id;
    const changes: string[] = [];
    const policy = await this.policies.inForce(s.month, tx);
    if (policy?.id !== s.policyId) {
      const used = s.policyId ? await tx.subsidyPolicy.findUnique({ where: { id: s.policyId } }) : null;
      changes.push(
        `${s.month} 适用的补贴标准版本已变化（计算时：${used ? `${used.effectiveFrom} 起施行的版本` : '无'}，` +
          `现在：${policy ? `${policy.effectiveFrom} 起施行的版本` : '无'}）`,
      );
    }
    const rosters = await tx.$queryRaw<{ institutionId: string; name: string }[]>`
      SELECT DISTINCT d."institutionId", i.name FROM (
        (SELECT id, "institutionId" FROM (${effectiveRostersSql(s.month)}) e
         EXCEPT SELECT "rosterId", "institutionId" FROM settlement_rosters WHERE "settlementId" = ${id}::uuid AND "forMonth" = ${s.month})
        UNION ALL
        (SELECT "rosterId", "institutionId" FROM settlement_rosters WHERE "settlementId" = ${id}::uuid AND "forMonth" = ${s.month}
         EXCEPT SELECT id, "institutionId" FROM (${effectiveRostersSql(s.month)}) e)) d
        JOIN institutions i ON i.id = d."institutionId" ORDER BY i.name`;
    if (rosters.length) changes.push(`${s.month} 生效的名册版本已变化（${rosters.map((r) => `「${r.name}」`).join('、')}）`);

    // eligibility of the institutions it paid from: the snapshot (or, for a run computed before snapshots
    // were kept, the eligible flag of its rosters) against the registry now
    const seen = await tx.$queryRaw<
      { institutionId: string; name: string; eligible: boolean; filed: boolean | null; inclusive: boolean | null }[]
    >`
      SELECT sr."institutionId", i.name, sr.eligible, se.filed, se.inclusive
        FROM settlement_rosters sr JOIN institutions i ON i.id = sr."institutionId"
        LEFT JOIN settlement_eligibility se
          ON se."settlementId" = sr."settlementId" AND se."forMonth" = sr."forMonth" AND se."institutionId" = sr."institutionId"
       WHERE sr."settlementId" = ${id}::uuid AND sr."forMonth" = ${s.month}
       ORDER BY i.name, sr."institutionId"`;
    const now = await this.eligibility.forMonth(
      s.month,
      seen.map((r) => r.institutionId),
      tx,
    );
    for (const r of seen) {
      const e = now.get(r.institutionId);
      if (!e) continue;
      const what: string[] = [];
      if (r.filed === null || r.inclusive === null) {
        if (r.eligible !== e.eligible)
          what.push(`补贴资格（计算时：${r.eligible ? '符合' : '不符合'}，现在：${e.eligible ? '符合' : '不符合'}）`);
      } else {
        if (r.filed !== e.filed) what.push(`备案状态（计算时：${filedText(r.filed)}，现在：${filedText(e.filed)}）`);
        if (r.inclusive !== e.inclusive)
          what.push(`普惠托育认定（计算时：${inclusiveText(r.inclusive)}，现在：${inclusiveText(e.inclusive)}）`);
      }
      if (what.length) changes.push(`机构「${r.name}」在 ${s.month} 的${what.join('、')}已变化`);
    }

    // confirmed birth orders corrected since: a line of the month says another order than the child's record,
    // or a child it pays was corrected after the run started
    const [orders] = await tx.$queryRaw<{ n: number }[]>`
      SELECT count(DISTINCT l."childId")::int AS n FROM settlement_lines l JOIN children c ON c.id = l."childId"
       WHERE l."settlementId" = ${id}::uuid AND c."birthOrder" IS NOT NULL
         AND ((l."forMonth" = ${s.month} AND l.reason <> 'ADJUSTMENT' AND l."birthOrder" <> c."birthOrder")
              OR c."birthOrderConfirmedAt" > ${s.startedAt ?? new Date(0)})`;
    if (orders.n > 0) changes.push(`${orders.n} 名儿童的确认孩次在计算后被更正`);

    // a correction it pays as an adjustment must not have been paid by another approved settlement meanwhile
    const consumedElsewhere = await tx.$queryRaw<{ forMonth: string }[]>`
      SELECT DISTINCT sr."forMonth" FROM settlement_rosters sr JOIN rosters r ON r.id = sr."rosterId"
       WHERE sr."settlementId" = ${id}::uuid AND sr.consumed AND sr."forMonth" < ${s.month} AND r.status <> 'APPROVED'
       ORDER BY 1`;
    if (consumedElsewhere.length) changes.push(`${consumedElsewhere.map((r) => r.forMonth).join('、')} 的更正已由另一笔已审核的结算支付`);
    // the overpayments it offsets must be what the latest earlier approved settlement carries forward now
    const [carry] = await tx.$queryRaw<{ n: number }[]>`
      WITH source AS (
        SELECT si."institutionId", si."carriedForwardFen" AS amount FROM settlement_institutions si
         WHERE si."carriedForwardFen" > 0 AND si."settlementId" = (
           SELECT id FROM settlements WHERE month < ${s.month} AND status IN ('APPROVED', 'PAID') ORDER BY month DESC LIMIT 1)
      ), mine AS (
        SELECT "institutionId", "carriedInFen" AS amount FROM settlement_institutions
         WHERE "settlementId" = ${id}::uuid AND "carriedInFen" > 0
      )
      SELECT count(*)::int AS n FROM ((SELECT * FROM source EXCEPT SELECT * FROM mine) UNION ALL (SELECT * FROM mine EXCEPT SELECT * FROM source)) d`;
    if (carry.n > 0) changes.push('从最近一个已审核的更早月份结转的多付金额已变化');
    const later = await tx.settlement.findMany({
      where: { month: { lt: s.month }, approvedAt: { gt: s.computedAt ?? new Date(0) } },
      select: { month: true },
      orderBy: { month: 'asc' },
    });
    if (later.length) changes.push(`更早的月份（${later.map((l) => l.month).join('、')}）在本次计算之后才审核`);
    return changes;
  }

  /** The previous month in Asia/Shanghai, as the scheduler settles it. */
  previousMonth(): string {
    return addMonths(shanghaiMonthOf(this.clock.now()), -1);
  }

  private async find(id: string): Promise<Settlement> {
    const s = await this.prisma.settlement.findUnique({ where: { id } });
    if (!s) throw new NotFoundError('Settlement');
    return s;
  }

  private assertNotApproved(s: Settlement): void {
    if (s.status === 'APPROVED' || s.status === 'PAID') {
      throw new ConflictError(
        'SETTLEMENT_APPROVED',
        `The settlement of ${s.month} is ${s.status}; corrections go into a later month as adjustments`,
      ).with({ month: s.month, status: s.status });
    }
  }

  /** Whether the current run will still finish: its job waits in the outbox, or is on the queue and not dead. */
  private async runAlive(s: Settlement): Promise<boolean> {
    if (await this.outbox.pending(s.id, s.run)) return true;
    const undone = await this.prisma.settlementChunk.findMany({
      where: { settlementId: s.id, run: s.run, doneAt: null },
      select: { chunkNo: true },
      orderBy: { chunkNo: 'asc' },
      take: 200,
    });
    return this.producer.isRunAlive(
      s.month,
      s.run,
      undone.map((c) => c.chunkNo),
    );
  }

  /** The API shape; an operator sees only their own institution's part (and its totals). */
  private async view(s: Settlement, actor?: Actor): Promise<SettlementView> {
    const scope = actor ? institutionScope(actor) : undefined;
    const computed = COMPUTED_STATES.includes(s.status);
    const parts = computed
      ? await this.prisma.settlementInstitution.findMany({
          where: { settlementId: s.id, institutionId: scope },
          include: { institution: { select: { name: true } } },
          orderBy: { institutionId: 'asc' },
        })
      : [];
    return this.toView(s, parts, scope);
  }

  /** `parts`: the settlement's institution parts (already narrowed to `scope`), in institution id order. */
  private toView(
    s: Settlement,
    parts: (SettlementInstitution & { institution: { name: string } })[],
    scope: string | undefined,
  ): SettlementView {
    const institutions: InstitutionPart[] = parts.map((p) => ({
      institutionId: p.institutionId,
      institutionName: p.institution.name,
      paidChildren: p.paidChildren,
      secondChildCount: p.secondChildCount,
      thirdChildCount: p.thirdChildCount,
      // bigint columns (an institution's month can pass 2^31 fen); far below 2^53, so exact as numbers
      subsidyFen: Number(p.subsidyFen),
      adjustmentFen: Number(p.adjustmentFen),
      carriedInFen: Number(p.carriedInFen),
      amountFen: Number(p.amountFen),
      carriedForwardFen: Number(p.carriedForwardFen),
    }));
    const totals = scope
      ? {
          paidChildren: sum(institutions, 'paidChildren'),
          secondChildCount: sum(institutions, 'secondChildCount'),
          thirdChildCount: sum(institutions, 'thirdChildCount'),
          amountFen: sum(institutions, 'amountFen'),
        }
      : {
          paidChildren: s.paidChildren,
          secondChildCount: s.secondChildCount,
          thirdChildCount: s.thirdChildCount,
          amountFen: Number(s.amountFen),
        };
    return {
      id: s.id,
      month: s.month,
      status: s.status,
      statusLabel: label(SETTLEMENT_STATUS_LABELS, s.status),
      run: s.run,
      progress: { done: s.progressDone, total: s.progressTotal },
      totals,
      institutions,
      policyId: s.policyId,
      failureCode: s.failureCode,
      failureReason: s.failureReason,
      queuedAt: s.queuedAt?.toISOString() ?? null,
      startedAt: s.startedAt?.toISOString() ?? null,
      computedAt: s.computedAt?.toISOString() ?? null,
      publishedAt: s.publishedAt?.toISOString() ?? null,
      approvedAt: s.approvedAt?.toISOString() ?? null,
    };
  }
}

function sum(parts: InstitutionPart[], key: keyof InstitutionPart): number {
  return parts.reduce((total, p) => total + (p[key] as number), 0);
}

function stale(changes: string[]): ConflictError {
  return new ConflictError('SETTLEMENT_STALE', `结算所依据的数据在计算后已变化，请重新计算后再审核：${changes.join('；')}`).with({
    changes,
  });
}

const filedText = (filed: boolean) => (filed ? '已备案' : '未备案');
const inclusiveText = (inclusive: boolean) => (inclusive ? '普惠' : '非普惠');

/**
 * Months are settled in order: once a later month is APPROVED/PAID, an earlier month can no longer be
 * computed or approved (it would pay the corrections and offset the overpayments the later month already
 * settled). Its late rosters are paid as corrections by the next open month.
 */
async function assertNoLaterMonthApproved(db: Tx, month: string): Promise<void> {
  const later = await db.settlement.findFirst({
    where: { month: { gt: month }, status: { in: ['APPROVED', 'PAID'] } },
    orderBy: { month: 'desc' },
    select: { month: true, status: true },
  });
  if (later)
    throw new ConflictError(
      'LATER_MONTH_APPROVED',
      `${later.month} 的结算已审核，${month} 不能再结算或审核；该月迟报或更正的名册将在下一个未审核月份的结算中作为调整补发`,
    ).with({ month, laterMonth: later.month, status: later.status });
}
