import { Injectable } from '@nestjs/common';
import { Prisma, SubsidyPolicy } from '../generated/prisma/client';
import { PrismaService, Tx } from '../infra/database/prisma.service';
import type { MonthEligibility } from '../registry/eligibility.repository';
import { EFFECTIVE_STATUSES_SQL } from '../rosters/roster-status';
import type { ChunkPayload } from './queue/settlement-queue';
import type { RunTotals } from './settlement-runs.repository';
import { effectiveRostersSql, monthLinesSql, snapshotRostersSql } from './settlement-sql.repository';
import { SETTLED_STATUSES_SQL } from './settlement-status';

export type { SubsidyPolicy };

/** A chunk of a run as planned. */
export type NewChunk = Prisma.SettlementChunkCreateManyInput;

/** A chunk as its job reads it. */
export interface ChunkRow {
  kind: string;
  fromChildId: string | null;
  toChildId: string | null;
  doneAt: Date | null;
}

/**
 * When `forMonth` was last computed by a settlement that is now APPROVED/PAID (its own, or a later one that
 * recomputed it for corrections): a birth order confirmed after that has not been paid on yet.
 */
function lastSettledSql(forMonth: string | Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT max(s2."startedAt") FROM settlements s2
     WHERE s2.status IN ${SETTLED_STATUSES_SQL}
       AND EXISTS (SELECT 1 FROM settlement_rosters sr WHERE sr."settlementId" = s2.id AND sr."forMonth" = ${forMonth})`;
}

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
      JOIN settlements s ON s.id = l."settlementId" AND s.status IN ${SETTLED_STATUSES_SQL}
      JOIN children c ON c.id = l."childId"
     WHERE l."forMonth" = ${forMonth} AND c."birthOrderConfirmedAt" > ${since}
    UNION
    SELECT en."childId" FROM (${rosters}) e
      JOIN roster_entries en ON en."rosterId" = e.id
      JOIN children c ON c.id = en."childId"
     WHERE c."birthOrderConfirmedAt" > ${since}`;
}

/**
 * The settlement computation's SQL: a run's snapshot (settlement_rosters, settlement_eligibility), its chunks, its
 * lines and per-institution totals, and what approval compares with the registry now. This is the computation's
 * declared read model: its statements read the rosters, children, registry and policy tables directly (one
 * statement each, for speed); they write only the settlement's own tables.
 */
@Injectable()
export class SettlementComputeRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** A policy version the run was computed under (by id; it always exists, versions are never deleted). */
  policy(tx: Tx, id: string): Promise<SubsidyPolicy> {
    return tx.subsidyPolicy.findUniqueOrThrow({ where: { id } });
  }

  findPolicy(tx: Tx, id: string): Promise<SubsidyPolicy | null> {
    return tx.subsidyPolicy.findUnique({ where: { id } });
  }

  // ---- planning a run

  /** The run's chunks not done yet (a retried plan job whose first attempt committed hands them out again). */
  chunksLeft(tx: Tx, settlementId: string, run: number): Promise<{ chunkNo: number }[]> {
    return tx.settlementChunk.findMany({
      where: { settlementId, run, doneAt: null },
      select: { chunkNo: true },
    });
  }

  /** Up to 200 chunk numbers of the run not done yet, in order (is the run still alive?). */
  undoneChunks(settlementId: string, run: number): Promise<{ chunkNo: number }[]> {
    return this.prisma.settlementChunk.findMany({
      where: { settlementId, run, doneAt: null },
      select: { chunkNo: true },
      orderBy: { chunkNo: 'asc' },
      take: 200,
    });
  }

  /** Drops everything the previous run wrote: lines, totals, snapshot, chunks and eligibility snapshot. */
  async clearRun(tx: Tx, id: string): Promise<void> {
    await tx.$executeRaw`DELETE FROM settlement_lines WHERE "settlementId" = ${id}::uuid`;
    await tx.$executeRaw`DELETE FROM settlement_institutions WHERE "settlementId" = ${id}::uuid`;
    await tx.$executeRaw`DELETE FROM settlement_rosters WHERE "settlementId" = ${id}::uuid`;
    await tx.$executeRaw`DELETE FROM settlement_chunks WHERE "settlementId" = ${id}::uuid`;

    await tx.$executeRaw`DELETE FROM settlement_eligibility WHERE "settlementId" = ${id}::uuid`;
  }

  /**
   * Copies `month`'s eligibility snapshot of the month's own approved settlement; for a month never settled itself
   * (a later month was approved first), that of the first approved settlement that paid its rosters as corrections.
   * Returns how many rows were copied (0: none of them has one).
   */
  copyEligibility(tx: Tx, id: string, month: string): Promise<number> {
    return tx.$executeRaw`
          INSERT INTO settlement_eligibility ("settlementId", "forMonth", "institutionId", filed, inclusive)
          SELECT ${id}::uuid, se."forMonth", se."institutionId", se.filed, se.inclusive
            FROM settlement_eligibility se
           WHERE se."forMonth" = ${month}
             AND se."settlementId" = (SELECT s.id FROM settlements s
                                       WHERE s.status IN ${SETTLED_STATUSES_SQL} AND s.month >= ${month}
                                         AND EXISTS (SELECT 1 FROM settlement_eligibility x WHERE x."settlementId" = s.id AND x."forMonth" = ${month})
                                       ORDER BY s.month LIMIT 1)`;
  }

  /**
   * Months before `month` whose effective roster of some institution is APPROVED, not LOCKED — a correction
   * (or a late roster) not yet paid by any approved settlement — and that are settled: their own settlement is
   * APPROVED/PAID, or a later month's is (then the month itself can no longer be settled, 409
   * LATER_MONTH_APPROVED, and its rosters are paid here, as corrections).
   */
  async correctedMonths(tx: Tx, month: string): Promise<string[]> {
    // plus settled months paying or listing a child whose confirmed birth order was corrected after the last
    // approved settlement that computed the month (correctedOrdersSql)
    const rows = await tx.$queryRaw<{ month: string }[]>`
      SELECT DISTINCT r.month FROM rosters r
       WHERE r.month < ${month} AND r.status = 'APPROVED'
         AND NOT EXISTS (SELECT 1 FROM rosters h WHERE h."institutionId" = r."institutionId" AND h.month = r.month
                          AND h.status IN ${EFFECTIVE_STATUSES_SQL} AND h.version > r.version)
         AND EXISTS (SELECT 1 FROM settlements s WHERE s.month >= r.month AND s.month < ${month} AND s.status IN ${SETTLED_STATUSES_SQL})
      UNION
      SELECT st.month FROM (
        SELECT sr."forMonth" AS month, max(s."startedAt") AS at FROM settlement_rosters sr
          JOIN settlements s ON s.id = sr."settlementId" AND s.status IN ${SETTLED_STATUSES_SQL}
         WHERE sr."forMonth" < ${month} GROUP BY 1) st
       WHERE EXISTS (${correctedOrdersSql(Prisma.sql`st.month`, Prisma.sql`st.at`)})
       ORDER BY 1`;
    return rows.map((r) => r.month);
  }

  /** Stores each institution's eligibility inputs for `forMonth` as this run reads them. */
  async snapshotEligibility(tx: Tx, settlementId: string, forMonth: string, eligibility: Map<string, MonthEligibility>): Promise<void> {
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
  async snapshotRosters(tx: Tx, settlementId: string, forMonth: string, ownMonth: boolean): Promise<void> {
    await tx.$executeRaw`
      INSERT INTO settlement_rosters ("settlementId", "rosterId", "institutionId", "forMonth", eligible, consumed)
      SELECT ${settlementId}::uuid, e.id, e."institutionId", ${forMonth}, COALESCE(se.filed AND se.inclusive, false),
             (${ownMonth} OR e.status = 'APPROVED')
        FROM (${effectiveRostersSql(forMonth)}) e
        LEFT JOIN settlement_eligibility se
          ON se."settlementId" = ${settlementId}::uuid AND se."forMonth" = ${forMonth} AND se."institutionId" = e."institutionId"`;
  }

  /** Chunk boundaries: every chunkSize-th child id of the month, in id order. */
  chunkBounds(tx: Tx, id: string, month: string, chunkSize: number): Promise<{ childId: string }[]> {
    return tx.$queryRaw<{ childId: string }[]>`
        SELECT "childId" FROM (
          SELECT "childId", row_number() OVER (ORDER BY "childId") AS rn
            FROM (SELECT DISTINCT en."childId" FROM settlement_rosters sr JOIN roster_entries en ON en."rosterId" = sr."rosterId"
                   WHERE sr."settlementId" = ${id}::uuid AND sr."forMonth" = ${month}) d) x
         WHERE (rn - 1) % ${chunkSize} = 0 ORDER BY "childId"`;
  }

  async createChunks(tx: Tx, chunks: NewChunk[]): Promise<void> {
    await tx.settlementChunk.createMany({ data: chunks });
  }

  // ---- computing a chunk

  /** The chunk of the run under its row lock (null: no such chunk of that run). */
  async lockChunk(tx: Tx, p: ChunkPayload): Promise<ChunkRow | null> {
    const [chunk] = await tx.$queryRaw<ChunkRow[]>`
        SELECT kind, "fromChildId", "toChildId", "doneAt" FROM settlement_chunks
         WHERE "settlementId" = ${p.settlementId}::uuid AND "chunkNo" = ${p.chunkNo} AND run = ${p.run} FOR UPDATE`;
    return chunk ?? null;
  }

  /** The lines of a MONTH chunk: the children in its id range. */
  async insertChunkLines(
    tx: Tx,
    settlementId: string,
    month: string,
    policy: SubsidyPolicy,
    chunk: Pick<ChunkRow, 'fromChildId' | 'toChildId'>,
  ): Promise<void> {
    const range = Prisma.sql`(${chunk.fromChildId}::uuid IS NULL OR en."childId" >= ${chunk.fromChildId}::uuid)
                             AND (${chunk.toChildId}::uuid IS NULL OR en."childId" < ${chunk.toChildId}::uuid)`;
    await this.insertMonthLines(tx, settlementId, month, policy, range);
  }

  /** Test hook: waits inside the chunk's transaction. */
  async sleep(tx: Tx, ms: number): Promise<void> {
    await tx.$executeRaw`SELECT pg_sleep(${ms / 1000}::float8)`;
  }

  async markChunkDone(tx: Tx, settlementId: string, chunkNo: number, processedBy: string): Promise<void> {
    await tx.$executeRaw`UPDATE settlement_chunks SET "doneAt" = now(), "processedBy" = ${processedBy}
                            WHERE "settlementId" = ${settlementId}::uuid AND "chunkNo" = ${chunkNo}`;
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

  // ---- the ADJUSTMENT chunk

  async clearAdjustments(tx: Tx, settlementId: string): Promise<void> {
    await tx.$executeRaw`DELETE FROM settlement_lines WHERE "settlementId" = ${settlementId}::uuid AND reason = 'ADJUSTMENT'`;
  }

  /** The earlier months the run recomputes for corrections, in order. */
  adjustmentMonths(tx: Tx, settlementId: string, month: string): Promise<{ forMonth: string }[]> {
    return tx.$queryRaw<{ forMonth: string }[]>`
      SELECT DISTINCT "forMonth" FROM settlement_rosters WHERE "settlementId" = ${settlementId}::uuid AND "forMonth" < ${month} ORDER BY 1`;
  }

  /** The policy the month was approved under (undefined: the month was never settled itself). */
  async settledPolicyId(tx: Tx, forMonth: string): Promise<string | null | undefined> {
    const [settled] = await tx.$queryRaw<{ policyId: string | null }[]>`
        SELECT "policyId" FROM settlements WHERE month = ${forMonth} AND status IN ${SETTLED_STATUSES_SQL}`;
    return settled?.policyId;
  }

  /**
   * For a corrected earlier month: recompute that month (under `policy`, its own) for the children of the
   * corrected rosters and the children those institutions were paid for, and post the difference to what
   * approved settlements already paid, per (child, institution), as ADJUSTMENT lines.
   */
  async insertAdjustments(tx: Tx, settlementId: string, forMonth: string, policy: SubsidyPolicy): Promise<void> {
    const sid = Prisma.sql`${settlementId}::uuid`;
    await tx.$executeRaw`
        INSERT INTO settlement_lines ("settlementId", "childId", "institutionId", "rosterId", "forMonth", "birthOrder", "amountFen", reason)
        WITH corrected AS (
          SELECT "rosterId", "institutionId" FROM settlement_rosters WHERE "settlementId" = ${sid} AND "forMonth" = ${forMonth} AND consumed
        ), affected AS (
          SELECT en."childId" FROM corrected c JOIN roster_entries en ON en."rosterId" = c."rosterId"
          UNION
          SELECT l."childId" FROM settlement_lines l JOIN settlements s ON s.id = l."settlementId" AND s.status IN ${SETTLED_STATUSES_SQL}
           WHERE l."forMonth" = ${forMonth} AND l."institutionId" IN (SELECT "institutionId" FROM corrected)
          UNION
          ${correctedOrdersSql(
            forMonth,
            undefined,
            Prisma.sql`SELECT "rosterId" AS id FROM settlement_rosters WHERE "settlementId" = ${sid} AND "forMonth" = ${forMonth}`,
          )}
        ), paid AS (
          SELECT l."childId", l."institutionId", sum(l."amountFen")::int AS "amountFen", max(l."birthOrder") AS "birthOrder"
            FROM settlement_lines l JOIN settlements s ON s.id = l."settlementId" AND s.status IN ${SETTLED_STATUSES_SQL}
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

  // ---- the end of a run

  /**
   * Per-institution totals, and the settlement's totals from them. An institution's amount is
   * max(0, subsidy + adjustments − carried in); the overpayment carried in is what the latest earlier
   * approved settlement carried forward for it; what cannot be offset now is carried forward again.
   */
  async writeInstitutionTotals(tx: Tx, settlementId: string, month: string): Promise<RunTotals> {
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
           SELECT id FROM settlements WHERE month < ${month} AND status IN ${SETTLED_STATUSES_SQL} ORDER BY month DESC LIMIT 1)
      ), net AS (
        SELECT COALESCE(s."institutionId", c."institutionId") AS "institutionId",
               COALESCE(s.paid, 0) AS paid, COALESCE(s.second, 0) AS second, COALESCE(s.third, 0) AS third,
               COALESCE(s.subsidy, 0) AS subsidy, COALESCE(s.adjustment, 0) AS adjustment, COALESCE(c.amount, 0) AS carried
          FROM sums s FULL JOIN carried c ON c."institutionId" = s."institutionId"
      )
      SELECT ${sid}, "institutionId", paid, second, third, subsidy, adjustment, carried,
             GREATEST(0, subsidy + adjustment - carried), GREATEST(0, carried - subsidy - adjustment)
        FROM net`;
    const [totals] = await tx.$queryRaw<RunTotals[]>`
      SELECT COALESCE(sum("paidChildren"), 0)::int AS paid, COALESCE(sum("secondChildCount"), 0)::int AS second,
             COALESCE(sum("thirdChildCount"), 0)::int AS third, COALESCE(sum("amountFen"), 0)::bigint AS amount
        FROM settlement_institutions WHERE "settlementId" = ${sid}`;
    return totals;
  }

  // ---- approval

  /** The roster versions the run paid from: the month's own, and the corrections of earlier months it pays. */
  async consumedRosterIds(tx: Tx, settlementId: string): Promise<string[]> {
    const rows = await tx.$queryRaw<{ rosterId: string }[]>`
      SELECT "rosterId" FROM settlement_rosters WHERE "settlementId" = ${settlementId}::uuid AND consumed`;
    return rows.map((r) => r.rosterId);
  }

  // ---- what approval compares (SETTLEMENT_STALE)

  /** Institutions whose effective roster version of `month` differs from the one the run read, by name. */
  changedRosters(tx: Tx, id: string, month: string): Promise<{ institutionId: string; name: string }[]> {
    return tx.$queryRaw<{ institutionId: string; name: string }[]>`
      SELECT DISTINCT d."institutionId", i.name FROM (
        (SELECT id, "institutionId" FROM (${effectiveRostersSql(month)}) e
         EXCEPT SELECT "rosterId", "institutionId" FROM settlement_rosters WHERE "settlementId" = ${id}::uuid AND "forMonth" = ${month})
        UNION ALL
        (SELECT "rosterId", "institutionId" FROM settlement_rosters WHERE "settlementId" = ${id}::uuid AND "forMonth" = ${month}
         EXCEPT SELECT id, "institutionId" FROM (${effectiveRostersSql(month)}) e)) d
        JOIN institutions i ON i.id = d."institutionId" ORDER BY i.name`;
  }

  /**
   * The eligibility of the institutions it paid from as the run saw it: the snapshot (or, for a run computed before
   * snapshots were kept, the eligible flag of its rosters), by institution name.
   */
  eligibilitySeen(tx: Tx, id: string, month: string) {
    return tx.$queryRaw<{ institutionId: string; name: string; eligible: boolean; filed: boolean | null; inclusive: boolean | null }[]>`
      SELECT sr."institutionId", i.name, sr.eligible, se.filed, se.inclusive
        FROM settlement_rosters sr JOIN institutions i ON i.id = sr."institutionId"
        LEFT JOIN settlement_eligibility se
          ON se."settlementId" = sr."settlementId" AND se."forMonth" = sr."forMonth" AND se."institutionId" = sr."institutionId"
       WHERE sr."settlementId" = ${id}::uuid AND sr."forMonth" = ${month}
       ORDER BY i.name, sr."institutionId"`;
  }

  /**
   * How many children's confirmed birth orders were corrected since: a line of the month says another order than
   * the child's record, or a child it pays was corrected after the run started.
   */
  async correctedBirthOrders(tx: Tx, id: string, month: string, startedAt: Date | null): Promise<number> {
    const [orders] = await tx.$queryRaw<{ n: number }[]>`
      SELECT count(DISTINCT l."childId")::int AS n FROM settlement_lines l JOIN children c ON c.id = l."childId"
       WHERE l."settlementId" = ${id}::uuid AND c."birthOrder" IS NOT NULL
         AND ((l."forMonth" = ${month} AND l.reason <> 'ADJUSTMENT' AND l."birthOrder" <> c."birthOrder")
              OR c."birthOrderConfirmedAt" > ${startedAt ?? new Date(0)})`;
    return orders.n;
  }

  /** Earlier months whose corrections it pays as adjustments that another approved settlement paid meanwhile. */
  correctionsPaidElsewhere(tx: Tx, id: string, month: string): Promise<{ forMonth: string }[]> {
    return tx.$queryRaw<{ forMonth: string }[]>`
      SELECT DISTINCT sr."forMonth" FROM settlement_rosters sr JOIN rosters r ON r.id = sr."rosterId"
       WHERE sr."settlementId" = ${id}::uuid AND sr.consumed AND sr."forMonth" < ${month} AND r.status <> 'APPROVED'
       ORDER BY 1`;
  }

  /**
   * How many carried-in overpayments differ from what the latest earlier approved settlement carries forward now
   * (0: the same).
   */
  async carriedInChanges(tx: Tx, id: string, month: string): Promise<number> {
    const [carry] = await tx.$queryRaw<{ n: number }[]>`
      WITH source AS (
        SELECT si."institutionId", si."carriedForwardFen" AS amount FROM settlement_institutions si
         WHERE si."carriedForwardFen" > 0 AND si."settlementId" = (
           SELECT id FROM settlements WHERE month < ${month} AND status IN ${SETTLED_STATUSES_SQL} ORDER BY month DESC LIMIT 1)
      ), mine AS (
        SELECT "institutionId", "carriedInFen" AS amount FROM settlement_institutions
         WHERE "settlementId" = ${id}::uuid AND "carriedInFen" > 0
      )
      SELECT count(*)::int AS n FROM ((SELECT * FROM source EXCEPT SELECT * FROM mine) UNION ALL (SELECT * FROM mine EXCEPT SELECT * FROM source)) d`;
    return carry.n;
  }
}
