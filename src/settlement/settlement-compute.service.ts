import { Inject, Injectable, Logger } from '@nestjs/common';
import { hostname } from 'node:os';
import { AuditService } from '../audit/audit.service';
import { noPolicyInForce, RunFailure } from './run-failure';
import { Prisma, SubsidyPolicy } from '../generated/prisma/client';
import { APP_CONFIG, AppConfig } from '../infra/config/app-config';
import { PrismaService, Tx } from '../infra/database/prisma.service';
import { EligibilityRepository, MonthEligibility } from '../registry/eligibility.repository';
import { SubsidyPolicyService } from '../subsidy-policy/subsidy-policy.service';
import type { ChunkPayload, RunPayload } from './queue/settlement-queue';
import { effectiveRostersSql, monthLinesSql, snapshotRostersSql } from './settlement-sql';
import { lockMonth } from './settlement-lock';
import { Clock } from '../infra/clock/clock';

/**
 * When `forMonth` was last computed by a settlement that is now APPROVED/PAID (its own, or a later one that
 * recomputed it for corrections): a birth order confirmed after that has not been paid on yet.
 */
function lastSettledSql(forMonth: string | Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT max(s2."startedAt") FROM settlements s2
     WHERE s2.status IN ('APPROVED', 'PAID')
       AND EXISTS (SELECT 1 FROM settlement_rosters sr WHERE sr."settlementId" = s2.id AND sr."forMonth" = ${forMonth})`;
}

export { PermanentRunError } from './run-failure';

const LONG_TX = { timeout: 30 * 60_000, maxWait: 60_000 };
const PAID = Prisma.sql`('PAID_SECOND_CHILD', 'PAID_THIRD_CHILD')`;

/**
 * The children of a settled month `forMonth` whose confirmed birth order is newer than `since` (the month's last
 * computation by an APPROVED/PAID settlement): those approved lines pay for the month, and those the month's
 * rosters list (`rosters` yields their ids: the effective versions, or a run's snapshot of them). The rosters
 * matter for a month that exists only as ADJUSTMENT lines of later settlements (a skipped month): only differences
 * are written there, so a child it paid 0 has no line at all, yet a corrected order can make the child owed.
 */
function correctedOrdersSql(
  forMonth: string | Prisma.Sql,
  since: Prisma.Sql = Prisma.sql`(${lastSettledSql(forMonth)})`,
  rosters: Prisma.Sql = Prisma.sql`SELECT id FROM (${effectiveRostersSql(forMonth)}) e`,
): Prisma.Sql {
  return Prisma.sql`
    SELECT l."childId" FROM settlement_lines l
      JOIN settlements s ON s.id = l."settlementId" AND s.status IN ('APPROVED', 'PAID')
      JOIN children c ON c.id = l."childId"
     WHERE l."forMonth" = ${forMonth} AND c."birthOrderConfirmedAt" > ${since}
    UNION
    SELECT en."childId" FROM (${rosters}) e
      JOIN roster_entries en ON en."rosterId" = e.id
      JOIN children c ON c.id = en."childId"
     WHERE c."birthOrderConfirmedAt" > ${since}`;
}

/**
 * Where a settlement is computed (worker side). A run is:
 *  1. plan (one transaction): snapshot the roster versions and eligibility the run reads
 *     (settlement_rosters), drop the previous run's lines, cut the month's children into chunks of
 *     SETTLEMENT_CHUNK_SIZE by child id, plus one ADJUSTMENT chunk when earlier approved months were corrected;
 *  2. one job per chunk, each ONE transaction: its lines (a single INSERT … SELECT) and doneAt together,
 *     so a chunk is applied exactly once whatever crashes or retries; any worker process may take any chunk;
 *  3. the chunk that brings progress to total also writes the per-institution totals and sets COMPUTED.
 * Runs are numbered: work of an older run finds its run number changed and does nothing.
 */
@Injectable()
export class SettlementComputeService {
  private readonly logger = new Logger(SettlementComputeService.name);
  private readonly workerName = `${hostname()}:${process.pid}`;

  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly eligibility: EligibilityRepository,
    private readonly policies: SubsidyPolicyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Plans the run; returns the chunks still to do (all of them, or the rest when a planned run is retried). */
  async plan(p: RunPayload): Promise<ChunkPayload[]> {
    // the job is enqueued after the run's commit (the outbox); the month lock also waits for a re-run in flight
    const current = await this.prisma.$transaction(async (tx) => {
      await lockMonth(tx, p.month, 'exclusive');
      return tx.settlement.findUnique({ where: { id: p.settlementId } });
    });
    if (!current || current.run !== p.run || !['QUEUED', 'RUNNING'].includes(current.status)) return [];
    const noPolicy = () => noPolicyInForce(p.month);
    if (!(await this.policies.inForce(p.month))) throw noPolicy();
    return this.prisma.$transaction(async (tx) => {
      await lockMonth(tx, p.month, 'exclusive');
      // read under the month lock, which a new policy version takes for the months it governs
      const policy = await this.policies.inForce(p.month, tx);
      if (!policy) throw noPolicy();
      const settlement = await tx.settlement.findUnique({ where: { id: p.settlementId } });
      if (!settlement || settlement.run !== p.run || !['QUEUED', 'RUNNING'].includes(settlement.status)) return [];
      if (settlement.status === 'RUNNING') {
        // a retried plan job whose first attempt committed: hand out what is left
        const left = await tx.settlementChunk.findMany({
          where: { settlementId: p.settlementId, run: p.run, doneAt: null },
          select: { chunkNo: true },
        });
        return left.map((c) => ({ ...p, chunkNo: c.chunkNo }));
      }

      const id = p.settlementId;
      await tx.$executeRaw`DELETE FROM settlement_lines WHERE "settlementId" = ${id}::uuid`;
      await tx.$executeRaw`DELETE FROM settlement_institutions WHERE "settlementId" = ${id}::uuid`;
      await tx.$executeRaw`DELETE FROM settlement_rosters WHERE "settlementId" = ${id}::uuid`;
      await tx.$executeRaw`DELETE FROM settlement_chunks WHERE "settlementId" = ${id}::uuid`;

      await tx.$executeRaw`DELETE FROM settlement_eligibility WHERE "settlementId" = ${id}::uuid`;
      // what eligibility the run reads: the registry now for its own month; for an earlier month recomputed for
      // corrections, that month's approved settlement's own snapshot (the registry's answer for a settled month
      // is frozen anyway, this makes it independent of it)
      await this.snapshotEligibility(tx, id, p.month, await this.eligibility.forMonth(p.month, undefined, tx));
      const correctedMonths = await this.correctedMonths(tx, p.month);
      for (const month of correctedMonths) {
        // the month's own approved settlement's snapshot; for a month never settled itself (a later month was
        // approved first), that of the first approved settlement that paid its rosters as corrections
        const copied = await tx.$executeRaw`
          INSERT INTO settlement_eligibility ("settlementId", "forMonth", "institutionId", filed, inclusive)
          SELECT ${id}::uuid, se."forMonth", se."institutionId", se.filed, se.inclusive
            FROM settlement_eligibility se
           WHERE se."forMonth" = ${month}
             AND se."settlementId" = (SELECT s.id FROM settlements s
                                       WHERE s.status IN ('APPROVED', 'PAID') AND s.month >= ${month}
                                         AND EXISTS (SELECT 1 FROM settlement_eligibility x WHERE x."settlementId" = s.id AND x."forMonth" = ${month})
                                       ORDER BY s.month LIMIT 1)`;
        // a month not computed yet by any approved settlement, or approved before snapshots existed
        if (copied === 0) await this.snapshotEligibility(tx, id, month, await this.eligibility.forMonth(month, undefined, tx));
      }
      await this.snapshotRosters(tx, id, p.month, true);
      for (const month of correctedMonths) await this.snapshotRosters(tx, id, month, false);

      // chunk boundaries: every chunkSize-th child id of the month, in id order
      const bounds = await tx.$queryRaw<{ childId: string }[]>`
        SELECT "childId" FROM (
          SELECT "childId", row_number() OVER (ORDER BY "childId") AS rn
            FROM (SELECT DISTINCT en."childId" FROM settlement_rosters sr JOIN roster_entries en ON en."rosterId" = sr."rosterId"
                   WHERE sr."settlementId" = ${id}::uuid AND sr."forMonth" = ${p.month}) d) x
         WHERE (rn - 1) % ${this.config.settlementChunkSize} = 0 ORDER BY "childId"`;
      const chunks: Prisma.SettlementChunkCreateManyInput[] = bounds.map((b, i) => ({
        settlementId: id,
        chunkNo: i + 1,
        run: p.run,
        kind: 'MONTH',
        fromChildId: i === 0 ? null : b.childId,
        toChildId: bounds[i + 1]?.childId ?? null,
      }));
      if (correctedMonths.length) chunks.push({ settlementId: id, chunkNo: chunks.length + 1, run: p.run, kind: 'ADJUSTMENT' });
      await tx.settlementChunk.createMany({ data: chunks });

      const started = await tx.settlement.update({
        where: { id },
        data: { status: 'RUNNING', startedAt: this.clock.now(), policyId: policy.id, progressDone: 0, progressTotal: chunks.length },
      });
      if (!chunks.length) {
        // nothing to compute: QUEUED → COMPUTED in this one transaction (the audit says so)
        await this.finalise(tx, id, p.month, p.run, settlement.status);
        return [];
      }
      await this.audit.record(tx, {
        action: 'SETTLEMENT_STARTED',
        entityType: 'Settlement',
        entityId: id,
        before: { status: settlement.status, run: settlement.run },
        after: { status: started.status, run: started.run, chunks: chunks.length, policyId: policy.id, correctedMonths },
      });
      return chunks.map((c) => ({ ...p, chunkNo: c.chunkNo }));
    }, LONG_TX);
  }

  /** Computes one chunk in one transaction; 'skipped' when it was done already or belongs to an older run. */
  async chunk(p: ChunkPayload): Promise<'done' | 'skipped' | 'finalised'> {
    return this.prisma.$transaction(async (tx) => {
      // shared: chunks of a month run in parallel; a new run or an approval waits for them
      await lockMonth(tx, p.month, 'shared');
      const [chunk] = await tx.$queryRaw<{ kind: string; fromChildId: string | null; toChildId: string | null; doneAt: Date | null }[]>`
        SELECT kind, "fromChildId", "toChildId", "doneAt" FROM settlement_chunks
         WHERE "settlementId" = ${p.settlementId}::uuid AND "chunkNo" = ${p.chunkNo} AND run = ${p.run} FOR UPDATE`;
      if (!chunk || chunk.doneAt) return 'skipped';
      const settlement = await tx.settlement.findUnique({ where: { id: p.settlementId } });
      if (!settlement || settlement.run !== p.run || settlement.status !== 'RUNNING' || !settlement.policyId) return 'skipped';
      const policy = await tx.subsidyPolicy.findUniqueOrThrow({ where: { id: settlement.policyId } });

      if (chunk.kind === 'MONTH') {
        const range = Prisma.sql`(${chunk.fromChildId}::uuid IS NULL OR en."childId" >= ${chunk.fromChildId}::uuid)
                             AND (${chunk.toChildId}::uuid IS NULL OR en."childId" < ${chunk.toChildId}::uuid)`;
        await this.insertMonthLines(tx, p.settlementId, p.month, policy, range);
      } else {
        await this.insertAdjustments(tx, p.settlementId, p.month);
      }
      if (this.config.settlementTestDelayMs > 0) await tx.$executeRaw`SELECT pg_sleep(${this.config.settlementTestDelayMs / 1000}::float8)`;

      await tx.$executeRaw`UPDATE settlement_chunks SET "doneAt" = now(), "processedBy" = ${this.workerName}
                            WHERE "settlementId" = ${p.settlementId}::uuid AND "chunkNo" = ${p.chunkNo}`;
      // the row lock taken here orders the chunks' ends: exactly one of them sees done = total
      const [progress] = await tx.$queryRaw<{ progressDone: number; progressTotal: number }[]>`
        UPDATE settlements SET "progressDone" = "progressDone" + 1, "updatedAt" = now()
         WHERE id = ${p.settlementId}::uuid AND run = ${p.run} RETURNING "progressDone", "progressTotal"`;
      if (progress.progressDone < progress.progressTotal) return 'done';
      await this.finalise(tx, p.settlementId, p.month, p.run);
      return 'finalised';
    }, LONG_TX);
  }

  /**
   * Ends a run in FAILED with its code and Chinese sentence (only if that run is still the current one); `detail`
   * (already free of personal data, see failureLogDetail) goes to the log only.
   */
  async fail(p: RunPayload, failure: RunFailure, detail: string): Promise<void> {
    const failed = await this.prisma.$transaction(async (tx) => {
      await lockMonth(tx, p.month, 'exclusive');
      const rows = await tx.$queryRaw<{ status: string }[]>`
        SELECT status FROM settlements WHERE id = ${p.settlementId}::uuid AND run = ${p.run} AND status IN ('QUEUED', 'RUNNING') FOR UPDATE`;
      if (!rows.length) return false;
      await tx.settlement.update({
        where: { id: p.settlementId },
        data: { status: 'FAILED', failureCode: failure.code, failureReason: failure.message.slice(0, 1000) },
      });
      await this.audit.record(tx, {
        action: 'SETTLEMENT_FAILED',
        entityType: 'Settlement',
        entityId: p.settlementId,
        before: { status: rows[0].status, run: p.run },
        after: { status: 'FAILED', run: p.run, failureCode: failure.code, failureReason: failure.message.slice(0, 300) },
      });
      return true;
    }, LONG_TX);
    if (failed) this.logger.warn(`settlement ${p.month} run ${p.run} failed (${failure.code}): ${detail}`);
  }

  /**
   * Months before `month` whose effective roster of some institution is APPROVED, not LOCKED — a correction
   * (or a late roster) not yet paid by any approved settlement — and that are settled: their own settlement is
   * APPROVED/PAID, or a later month's is (then the month itself can no longer be settled, 409
   * LATER_MONTH_APPROVED, and its rosters are paid here, as corrections).
   */
  private async correctedMonths(tx: Tx, month: string): Promise<string[]> {
    // plus settled months paying or listing a child whose confirmed birth order was corrected after the last
    // approved settlement that computed the month (correctedOrdersSql)
    const rows = await tx.$queryRaw<{ month: string }[]>`
      SELECT DISTINCT r.month FROM rosters r
       WHERE r.month < ${month} AND r.status = 'APPROVED'
         AND NOT EXISTS (SELECT 1 FROM rosters h WHERE h."institutionId" = r."institutionId" AND h.month = r.month
                          AND h.status IN ('APPROVED', 'LOCKED') AND h.version > r.version)
         AND EXISTS (SELECT 1 FROM settlements s WHERE s.month >= r.month AND s.month < ${month} AND s.status IN ('APPROVED', 'PAID'))
      UNION
      SELECT st.month FROM (
        SELECT sr."forMonth" AS month, max(s."startedAt") AS at FROM settlement_rosters sr
          JOIN settlements s ON s.id = sr."settlementId" AND s.status IN ('APPROVED', 'PAID')
         WHERE sr."forMonth" < ${month} GROUP BY 1) st
       WHERE EXISTS (${correctedOrdersSql(Prisma.sql`st.month`, Prisma.sql`st.at`)})
       ORDER BY 1`;
    return rows.map((r) => r.month);
  }

  /** Stores each institution's eligibility inputs for `forMonth` as this run reads them. */
  private async snapshotEligibility(
    tx: Tx,
    settlementId: string,
    forMonth: string,
    eligibility: Map<string, MonthEligibility>,
  ): Promise<void> {
    const ids = [...eligibility.keys()];
    await tx.$executeRaw`
      INSERT INTO settlement_eligibility ("settlementId", "forMonth", "institutionId", filed, inclusive)
      SELECT ${settlementId}::uuid, ${forMonth}, x.id, x.filed, x.inclusive
        FROM unnest(${ids}::uuid[], ${ids.map((i) => eligibility.get(i)!.filed)}::boolean[],
                    ${ids.map((i) => eligibility.get(i)!.inclusive)}::boolean[]) AS x(id, filed, inclusive)`;
  }

  /**
   * Records the effective roster versions of `forMonth`, each with its institution's eligibility from the run's
   * eligibility snapshot. consumed: the month's own rosters, or the corrected (not yet locked) ones of an earlier month.
   */
  private async snapshotRosters(tx: Tx, settlementId: string, forMonth: string, ownMonth: boolean): Promise<void> {
    await tx.$executeRaw`
      INSERT INTO settlement_rosters ("settlementId", "rosterId", "institutionId", "forMonth", eligible, consumed)
      SELECT ${settlementId}::uuid, e.id, e."institutionId", ${forMonth}, COALESCE(se.filed AND se.inclusive, false),
             (${ownMonth} OR e.status = 'APPROVED')
        FROM (${effectiveRostersSql(forMonth)}) e
        LEFT JOIN settlement_eligibility se
          ON se."settlementId" = ${settlementId}::uuid AND se."forMonth" = ${forMonth} AND se."institutionId" = e."institutionId"`;
  }

  private async insertMonthLines(
    tx: Tx,
    settlementId: string,
    month: string,
    policy: SubsidyPolicy,
    childFilter: Prisma.Sql,
  ): Promise<void> {
    // a retried chunk starts clean (its transaction is all-or-nothing, this is the belt to those braces)
    await tx.$executeRaw`DELETE FROM settlement_lines en WHERE en."settlementId" = ${settlementId}::uuid AND en."forMonth" = ${month} AND ${childFilter}`;
    await tx.$executeRaw`
      INSERT INTO settlement_lines ("settlementId", "childId", "institutionId", "rosterId", "forMonth", "birthOrder", "amountFen", reason)
      SELECT ${settlementId}::uuid, x."childId", x."institutionId", x."rosterId", ${month}, x."birthOrder", x."amountFen", x.reason
        FROM (${monthLinesSql(month, policy, snapshotRostersSql(settlementId, month), childFilter)}) x`;
  }

  /**
   * For every corrected earlier month: recompute that month (under its own policy) for the children of the
   * corrected rosters and the children those institutions were paid for, and post the difference to what
   * approved settlements already paid, per (child, institution), as ADJUSTMENT lines.
   */
  private async insertAdjustments(tx: Tx, settlementId: string, month: string): Promise<void> {
    await tx.$executeRaw`DELETE FROM settlement_lines WHERE "settlementId" = ${settlementId}::uuid AND reason = 'ADJUSTMENT'`;
    const months = await tx.$queryRaw<{ forMonth: string }[]>`
      SELECT DISTINCT "forMonth" FROM settlement_rosters WHERE "settlementId" = ${settlementId}::uuid AND "forMonth" < ${month} ORDER BY 1`;
    for (const { forMonth } of months) {
      // the policy the month was approved under (a month never settled itself: the one in force for it)
      const [settled] = await tx.$queryRaw<{ policyId: string | null }[]>`
        SELECT "policyId" FROM settlements WHERE month = ${forMonth} AND status IN ('APPROVED', 'PAID')`;
      const policy = settled?.policyId
        ? await tx.subsidyPolicy.findUniqueOrThrow({ where: { id: settled.policyId } })
        : await this.policies.inForce(forMonth, tx);
      if (!policy) throw noPolicyInForce(forMonth, true);
      const sid = Prisma.sql`${settlementId}::uuid`;
      await tx.$executeRaw`
        INSERT INTO settlement_lines ("settlementId", "childId", "institutionId", "rosterId", "forMonth", "birthOrder", "amountFen", reason)
        WITH corrected AS (
          SELECT "rosterId", "institutionId" FROM settlement_rosters WHERE "settlementId" = ${sid} AND "forMonth" = ${forMonth} AND consumed
        ), affected AS (
          SELECT en."childId" FROM corrected c JOIN roster_entries en ON en."rosterId" = c."rosterId"
          UNION
          SELECT l."childId" FROM settlement_lines l JOIN settlements s ON s.id = l."settlementId" AND s.status IN ('APPROVED', 'PAID')
           WHERE l."forMonth" = ${forMonth} AND l."institutionId" IN (SELECT "institutionId" FROM corrected)
          UNION
          ${correctedOrdersSql(
            forMonth,
            undefined,
            Prisma.sql`SELECT "rosterId" AS id FROM settlement_rosters WHERE "settlementId" = ${sid} AND "forMonth" = ${forMonth}`,
          )}
        ), paid AS (
          SELECT l."childId", l."institutionId", sum(l."amountFen")::int AS "amountFen", max(l."birthOrder") AS "birthOrder"
            FROM settlement_lines l JOIN settlements s ON s.id = l."settlementId" AND s.status IN ('APPROVED', 'PAID')
           WHERE l."forMonth" = ${forMonth} AND l."childId" IN (SELECT "childId" FROM affected)
           GROUP BY 1, 2
        ), fresh AS (
          ${monthLinesSql(forMonth, policy, snapshotRostersSql(settlementId, forMonth), Prisma.sql`en."childId" IN (SELECT "childId" FROM affected)`)}
        )
        SELECT ${sid}, COALESCE(f."childId", p."childId"), COALESCE(f."institutionId", p."institutionId"),
               COALESCE(f."rosterId", (SELECT sr."rosterId" FROM settlement_rosters sr
                                        WHERE sr."settlementId" = ${sid} AND sr."forMonth" = ${forMonth} AND sr."institutionId" = p."institutionId")),
               ${forMonth}, COALESCE(f."birthOrder", p."birthOrder"),
               COALESCE(f."amountFen", 0) - COALESCE(p."amountFen", 0), 'ADJUSTMENT'
          FROM fresh f FULL JOIN paid p ON p."childId" = f."childId" AND p."institutionId" = f."institutionId"
         WHERE COALESCE(f."amountFen", 0) <> COALESCE(p."amountFen", 0)`;
    }
  }

  /**
   * Per-institution totals and the settlement's totals, then COMPUTED. An institution's amount is
   * max(0, subsidy + adjustments − carried in); the overpayment carried in is what the latest earlier
   * approved settlement carried forward for it; what cannot be offset now is carried forward again.
   */
  private async finalise(tx: Tx, settlementId: string, month: string, run: number, fromStatus = 'RUNNING'): Promise<void> {
    const sid = Prisma.sql`${settlementId}::uuid`;
    await tx.$executeRaw`
      INSERT INTO settlement_institutions ("settlementId", "institutionId", "paidChildren", "secondChildCount", "thirdChildCount",
                                           "subsidyFen", "adjustmentFen", "carriedInFen", "amountFen", "carriedForwardFen")
      WITH sums AS (
        SELECT "institutionId",
               count(*) FILTER (WHERE reason IN ${PAID})::int AS paid,
               count(*) FILTER (WHERE reason = 'PAID_SECOND_CHILD')::int AS second,
               count(*) FILTER (WHERE reason = 'PAID_THIRD_CHILD')::int AS third,
               COALESCE(sum("amountFen") FILTER (WHERE reason <> 'ADJUSTMENT'), 0)::bigint AS subsidy,
               COALESCE(sum("amountFen") FILTER (WHERE reason = 'ADJUSTMENT'), 0)::bigint AS adjustment
          FROM settlement_lines WHERE "settlementId" = ${sid} GROUP BY "institutionId"
      ), carried AS (
        SELECT si."institutionId", si."carriedForwardFen" AS amount FROM settlement_institutions si
         WHERE si."carriedForwardFen" > 0 AND si."settlementId" = (
           SELECT id FROM settlements WHERE month < ${month} AND status IN ('APPROVED', 'PAID') ORDER BY month DESC LIMIT 1)
      ), net AS (
        SELECT COALESCE(s."institutionId", c."institutionId") AS "institutionId",
               COALESCE(s.paid, 0) AS paid, COALESCE(s.second, 0) AS second, COALESCE(s.third, 0) AS third,
               COALESCE(s.subsidy, 0) AS subsidy, COALESCE(s.adjustment, 0) AS adjustment, COALESCE(c.amount, 0) AS carried
          FROM sums s FULL JOIN carried c ON c."institutionId" = s."institutionId"
      )
      SELECT ${sid}, "institutionId", paid, second, third, subsidy, adjustment, carried,
             GREATEST(0, subsidy + adjustment - carried), GREATEST(0, carried - subsidy - adjustment)
        FROM net`;
    const [totals] = await tx.$queryRaw<{ paid: number; second: number; third: number; amount: bigint }[]>`
      SELECT COALESCE(sum("paidChildren"), 0)::int AS paid, COALESCE(sum("secondChildCount"), 0)::int AS second,
             COALESCE(sum("thirdChildCount"), 0)::int AS third, COALESCE(sum("amountFen"), 0)::bigint AS amount
        FROM settlement_institutions WHERE "settlementId" = ${sid}`;
    await tx.settlement.update({
      where: { id: settlementId },
      data: {
        status: 'COMPUTED',
        computedAt: this.clock.now(),
        paidChildren: totals.paid,
        secondChildCount: totals.second,
        thirdChildCount: totals.third,
        amountFen: totals.amount,
      },
    });
    await this.audit.record(tx, {
      action: 'SETTLEMENT_COMPUTED',
      entityType: 'Settlement',
      entityId: settlementId,
      before: { status: fromStatus, run },
      after: { status: 'COMPUTED', run, paidChildren: totals.paid, amountFen: Number(totals.amount) },
    });
  }
}
