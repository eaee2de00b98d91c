import { Injectable } from '@nestjs/common';
import { institutionScope, assertInstitutionAccess } from '../auth/access';
import { AuditService } from '../audit/audit.service';
import { ConflictError, NotFoundError, UnprocessableError } from '../common/errors';
import { addMonths, shanghaiMonthOf } from '../common/month';
import { Page, skipTake, toPage } from '../common/pagination';
import type { Actor } from '../common/request-context';
import { SHORT_TRANSACTION, Transactions, Tx } from '../infra/database/transactions';
import { EligibilityRepository } from '../registry/eligibility.repository';
import { RostersRepository } from '../rosters/rosters.repository';
import { SubsidyPolicyService } from '../subsidy-policy/subsidy-policy.service';
import { LineQuery, SettlementQuery } from './dto/settlement.dto';
import { SettlementOutbox } from './queue/settlement-outbox';
import { SettlementProducer } from './queue/settlement.producer';
import { SettlementComputeRepository } from './settlement-compute.repository';
import { InstitutionPartRow, SettlementInstitutionsRepository } from './settlement-institutions.repository';
import { LineFilter, SettlementLinesRepository } from './settlement-lines.repository';
import { Settlement, SettlementFilter, SettlementRunsRepository } from './settlement-runs.repository';
import { isComputed, isInProgress, isSettled } from './settlement-status';
import { Clock } from '../infra/clock/clock';
import { InstitutionPartView, SettlementLineView, SettlementView } from './settlement.view';
import { label, LINE_REASON_LABELS, SETTLEMENT_STATUS_LABELS } from '../common/i18n/labels';

export type InstitutionPart = InstitutionPartView;

/**
 * The settlement workflow (API side): queue a run, read it, publish, approve. The computation itself
 * is in settlement-compute.service.ts, run by the workers.
 */
@Injectable()
export class SettlementService {
  constructor(
    private readonly transactions: Transactions,
    private readonly runs: SettlementRunsRepository,
    private readonly parts: SettlementInstitutionsRepository,
    private readonly lineRows: SettlementLinesRepository,
    private readonly compute: SettlementComputeRepository,
    private readonly audit: AuditService,
    private readonly producer: SettlementProducer,
    private readonly outbox: SettlementOutbox,
    private readonly policies: SubsidyPolicyService,
    private readonly clock: Clock,
    private readonly eligibility: EligibilityRepository,
    private readonly rosters: RostersRepository,
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
    const existing = await this.runs.findByMonth(month);
    if (existing) {
      if (options.onlyIfAbsent) return this.view(existing);
      this.assertNotApproved(existing);
      if (isInProgress(existing.status) && (await this.runAlive(existing))) return this.view(existing);
    }
    if (!options.onlyIfAbsent || !existing) await this.assertNoLaterMonthApproved(month);
    await this.producer.assertAvailable();

    const settlement = await this.transactions.run(async (tx) => {
      // serialises callers of this month (and waits for chunks of an older run still writing)
      await this.runs.lockMonth(tx, month, 'exclusive');
      // the row lock too: whatever else changes the row (publish takes the month lock as well) waits for this
      await this.runs.lockRowOfMonth(tx, month);
      const current = await this.runs.findByMonth(month, tx);
      if (current && options.onlyIfAbsent) return current;
      await this.assertNoLaterMonthApproved(month, tx);
      if (current) {
        this.assertNotApproved(current);
        if (isInProgress(current.status) && (await this.runAlive(current))) return current;
      }
      const queued = current
        ? await this.runs.requeue(tx, current.id, this.clock.now())
        : await this.runs.create(tx, month, this.clock.now());
      await this.outbox.add(tx, { settlementId: queued.id, month, run: queued.run });
      await this.audit.record(tx, {
        action: 'SETTLEMENT_QUEUED',
        entityType: 'Settlement',
        entityId: queued.id,
        before: current ? { status: current.status, run: current.run } : null,
        after: { status: queued.status, run: queued.run, month },
      });
      return queued;
    }, SHORT_TRANSACTION);
    if (settlement.status === 'QUEUED') await this.outbox.send(settlement.id, settlement.run);
    return this.view(settlement);
  }

  async list(query: SettlementQuery, actor: Actor): Promise<Page<SettlementView>> {
    const where: SettlementFilter = { month: query.month, status: query.status };
    const [rows, total] = await this.runs.page(where, skipTake(query));
    const scope = institutionScope(actor);
    const computedIds = rows.filter((s) => isComputed(s.status)).map((s) => s.id);
    const parts = computedIds.length ? await this.parts.partsOf(computedIds, scope) : [];
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
    if (!isComputed(settlement.status)) return toPage([], 0, query);
    const where: LineFilter = {
      settlementId: id,
      institutionId: institutionScope(actor) ?? query.institutionId,
      reason: query.reason,
      forMonth: query.forMonth,
      childId: query.childId,
    };
    const [rows, total] = await this.lineRows.page(where, skipTake(query));
    return toPage(
      rows.map((l) => ({
        id: Number(l.id),
        childId: l.childId,
        idNumber: l.child.idMasked,
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
    const settlement = await this.transactions.run(async (tx) => {
      await this.runs.lockMonth(tx, found.month, 'exclusive');
      const row = await this.runs.lockStatus(tx, id);
      if (!row) throw new NotFoundError('Settlement');
      if (row.status !== 'COMPUTED')
        throw new ConflictError('INVALID_STATE', `Only a COMPUTED settlement can be published (it is ${row.status})`).with({
          status: row.status,
          needs: 'COMPUTED',
        });
      const updated = await this.runs.markPublished(tx, id, this.clock.now());
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
    const settlement = await this.transactions.run(async (tx) => {
      await this.runs.lockMonth(tx, found.month, 'exclusive');
      const s = await this.runs.getById(tx, id);
      if (s.status !== 'PUBLISHED')
        throw new ConflictError('INVALID_STATE', `Only a PUBLISHED settlement can be approved (it is ${s.status})`).with({
          status: s.status,
          needs: 'PUBLISHED',
        });
      // months are approved in order: an earlier month would otherwise pay the same corrections and offset
      // the same carried overpayments again
      const earlier = await this.runs.earlierNotApproved(tx, s.month);
      if (earlier.length)
        throw new ConflictError(
          'EARLIER_MONTH_NOT_APPROVED',
          `Approve the earlier month(s) first: ${earlier.map((e) => `${e.month} (${e.status})`).join(', ')}`,
        ).with({ months: earlier.map((e) => e.month) });
      await this.assertNoLaterMonthApproved(s.month, tx);
      const changes = await this.staleness(tx, s);
      if (changes.length) throw stale(changes);

      // the rosters it paid from are locked by their own module (a correction then goes through reopening)
      const locked = await this.rosters.lockConsumedRosters(tx, await this.compute.consumedRosterIds(tx, id), this.clock.now());
      const updated = await this.runs.markApproved(tx, id, this.clock.now(), actor.id);
      await this.parts.fixPayees(tx, id, updated.approvedAt!);
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
    }, SHORT_TRANSACTION);
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
      const used = s.policyId ? await this.compute.findPolicy(tx, s.policyId) : null;
      changes.push(
        `${s.month} 适用的补贴标准版本已变化（计算时：${used ? `${used.effectiveFrom} 起施行的版本` : '无'}，` +
          `现在：${policy ? `${policy.effectiveFrom} 起施行的版本` : '无'}）`,
      );
    }
    const rosters = await this.compute.changedRosters(tx, id, s.month);
    if (rosters.length) changes.push(`${s.month} 生效的名册版本已变化（${rosters.map((r) => `「${r.name}」`).join('、')}）`);

    // eligibility of the institutions it paid from: the snapshot (or, for a run computed before snapshots
    // were kept, the eligible flag of its rosters) against the registry now
    const seen = await this.compute.eligibilitySeen(tx, id, s.month);
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
    const orders = await this.compute.correctedBirthOrders(tx, id, s.month, s.startedAt);
    if (orders > 0) changes.push(`${orders} 名儿童的确认孩次在计算后被更正`);

    // a correction it pays as an adjustment must not have been paid by another approved settlement meanwhile
    const consumedElsewhere = await this.compute.correctionsPaidElsewhere(tx, id, s.month);
    if (consumedElsewhere.length) changes.push(`${consumedElsewhere.map((r) => r.forMonth).join('、')} 的更正已由另一笔已审核的结算支付`);
    // the overpayments it offsets must be what the latest earlier approved settlement carries forward now
    if ((await this.compute.carriedInChanges(tx, id, s.month)) > 0) changes.push('从最近一个已审核的更早月份结转的多付金额已变化');
    const later = await this.runs.earlierApprovedAfter(tx, s.month, s.computedAt ?? new Date(0));
    if (later.length) changes.push(`更早的月份（${later.map((l) => l.month).join('、')}）在本次计算之后才审核`);
    return changes;
  }

  /**
   * Months are settled in order: once a later month is APPROVED/PAID, an earlier month can no longer be
   * computed or approved (it would pay the corrections and offset the overpayments the later month already
   * settled). Its late rosters are paid as corrections by the next open month.
   */
  private async assertNoLaterMonthApproved(month: string, db?: Tx): Promise<void> {
    const later = await this.runs.laterApproved(month, db);
    if (later)
      throw new ConflictError(
        'LATER_MONTH_APPROVED',
        `${later.month} 的结算已审核，${month} 不能再结算或审核；该月迟报或更正的名册将在下一个未审核月份的结算中作为调整补发`,
      ).with({ month, laterMonth: later.month, status: later.status });
  }

  /** The previous month in Asia/Shanghai, as the scheduler settles it. */
  previousMonth(): string {
    return addMonths(shanghaiMonthOf(this.clock.now()), -1);
  }

  private async find(id: string): Promise<Settlement> {
    const s = await this.runs.findById(id);
    if (!s) throw new NotFoundError('Settlement');
    return s;
  }

  private assertNotApproved(s: Settlement): void {
    if (isSettled(s.status)) {
      throw new ConflictError(
        'SETTLEMENT_APPROVED',
        `The settlement of ${s.month} is ${s.status}; corrections go into a later month as adjustments`,
      ).with({ month: s.month, status: s.status });
    }
  }

  /** Whether the current run will still finish: its job waits in the outbox, or is on the queue and not dead. */
  private async runAlive(s: Settlement): Promise<boolean> {
    if (await this.outbox.pending(s.id, s.run)) return true;
    const undone = await this.compute.undoneChunks(s.id, s.run);
    return this.producer.isRunAlive(
      s.month,
      s.run,
      undone.map((c) => c.chunkNo),
    );
  }

  /** The API shape; an operator sees only their own institution's part (and its totals). */
  private async view(s: Settlement, actor?: Actor): Promise<SettlementView> {
    const scope = actor ? institutionScope(actor) : undefined;
    const computed = isComputed(s.status);
    const parts = computed ? await this.parts.parts(s.id, scope) : [];
    return this.toView(s, parts, scope);
  }

  /** `parts`: the settlement's institution parts (already narrowed to `scope`), in institution id order. */
  private toView(s: Settlement, parts: InstitutionPartRow[], scope: string | undefined): SettlementView {
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
