import { Injectable } from '@nestjs/common';
import type { Institution, InstitutionStatus, InstitutionStatusChange, Prisma } from '../generated/prisma/client';
import { NotFoundError } from '../common/errors';
import { addMonths, shanghaiMonthOf } from '../common/month';
import { Clock } from '../infra/clock/clock';
import { PrismaService, type Tx } from '../infra/database/prisma.service';
import { SettledMonthsRepository } from '../settlement/settled-months.repository';

export type { Institution, InstitutionStatusChange };

const BY_NAME: Prisma.InstitutionOrderByWithRelationInput[] = [{ name: 'asc' }, { id: 'asc' }];
/** A query of institutions (the list's filters). */
export type InstitutionFilter = Prisma.InstitutionWhereInput;
/** The fields of a new institution. */
export type NewInstitution = Prisma.InstitutionUncheckedCreateInput;
/** The fields an edit or a workflow step changes. */
export type InstitutionChanges = Prisma.InstitutionUpdateInput;

/** A month whose eligibility answers are settled, and the approved month that settled it (itself or a later one). */
export interface SettledMonth {
  month: string;
  settledBy: string;
}

/** The registry's institutions and their status history: row locks, the filing sequence, reads and writes. */
@Injectable()
export class InstitutionsRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly settlements: SettledMonthsRepository,
  ) {}

  /** Reads the institution and holds its row lock until the transaction ends, so concurrent transitions serialise. */
  async lockForUpdate(tx: Tx, id: string): Promise<Institution> {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM institutions WHERE id = ${id}::uuid FOR UPDATE`;
    if (locked.length === 0) throw new NotFoundError('Institution');
    return tx.institution.findUniqueOrThrow({ where: { id } });
  }

  /**
   * The next filing sequence number of `year`: the first approval of a year inserts the row, later ones
   * increment it under its row lock (held until commit), so concurrent approvals get consecutive numbers and
   * a rolled-back approval gives its number back rather than leaving a gap or a duplicate.
   */
  async nextFilingSequence(tx: Tx, year: number): Promise<number> {
    const rows = await tx.$queryRaw<{ lastValue: number }[]>`
      INSERT INTO filing_sequences (year, "lastValue") VALUES (${year}, 1)
      ON CONFLICT (year) DO UPDATE SET "lastValue" = filing_sequences."lastValue" + 1
      RETURNING "lastValue"`;
    return rows[0].lastValue;
  }

  /**
   * The months in `[from, before)` (`before` null: no upper bound) whose eligibility answers are settled, latest
   * first: a month whose settlement is APPROVED or PAID, and every month before such a month — months are settled
   * in order, so a month that never had a settlement of its own ("skipped", its rosters paid as corrections of a
   * later month) is history as well. `settledBy` is the month whose approved settlement settled it (itself, or the
   * first approved month after it). Only months that are over count: a settlement can only be run for a past
   * month, so a row for the current or a later month is not real data.
   *
   * First it takes the month lock (the one settlement runs and approvals take) of every month from `from` on that
   * has a settlement, in month order, held until the transaction ends: a registry change affecting those months
   * and an approval serialise — the approval then sees the change (409 SETTLEMENT_STALE), or the change sees the
   * approved month (409 MONTH_LOCKED), never neither. (Months after `before` are locked too: approving one of
   * them would make the months before it history.)
   */
  async settledMonths(tx: Tx, from: string, before: string | null): Promise<SettledMonth[]> {
    const current = shanghaiMonthOf(this.clock.now());
    const upper = before !== null && before < current ? before : current;
    await this.settlements.lockMonthsWithSettlement(tx, from, current);
    const approved = await this.settlements.settledMonths(tx, from, current);
    const settled: SettledMonth[] = [];
    let next = 0;
    for (let month = from; month < upper && next < approved.length; month = addMonths(month, 1)) {
      while (approved[next] < month) next += 1;
      if (next < approved.length) settled.push({ month, settledBy: approved[next] });
    }
    return settled.reverse();
  }

  /**
   * Appends to the status history. `recordedAt` is kept strictly after the previous change's, so "the latest
   * recorded change" (eligibility) is never ambiguous even within the same millisecond; `at` (when it takes
   * effect) likewise follows the previous change, unless `exact`: then `now` is stored as given as the
   * effective time (a historic filing date, earlier than the rows written by the system) — it is still
   * recorded now, after them, so it stays in force.
   */
  async appendStatusChange(
    tx: Tx,
    change: {
      institutionId: string;
      fromStatus: InstitutionStatus | null;
      toStatus: InstitutionStatus;
      reason?: string | null;
      actorId: string | null;
    },
    now: Date,
    exact = false,
  ): Promise<Date> {
    const recordedNow = this.clock.now();
    const lastRecorded = await tx.institutionStatusChange.findFirst({
      where: { institutionId: change.institutionId },
      orderBy: { recordedAt: 'desc' },
      select: { recordedAt: true },
    });
    const recordedAt =
      lastRecorded && lastRecorded.recordedAt.getTime() >= recordedNow.getTime()
        ? new Date(lastRecorded.recordedAt.getTime() + 1)
        : recordedNow;
    let at = now;
    if (!exact) {
      const last = await tx.institutionStatusChange.findFirst({
        where: { institutionId: change.institutionId },
        orderBy: { at: 'desc' },
        select: { at: true },
      });
      at = last && last.at.getTime() >= now.getTime() ? new Date(last.at.getTime() + 1) : now;
    }
    await tx.institutionStatusChange.create({ data: { ...change, reason: change.reason ?? null, at, recordedAt } });
    return at;
  }

  create(tx: Tx, data: NewInstitution): Promise<Institution> {
    return tx.institution.create({ data });
  }

  update(tx: Tx, id: string, data: InstitutionChanges): Promise<Institution> {
    return tx.institution.update({ where: { id }, data });
  }

  /** The institution registered with `creditCode`, if any (its id only). */
  withCreditCode(tx: Tx, creditCode: string) {
    return tx.institution.findUnique({ where: { creditCode }, select: { id: true } });
  }

  findById(id: string): Promise<Institution | null> {
    return this.prisma.institution.findUnique({ where: { id } });
  }

  /** A page of the matching institutions in the order they were registered, and how many match. */
  page(where: InstitutionFilter, page: { skip: number; take: number }) {
    return Promise.all([
      this.prisma.institution.findMany({ where, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], ...page }),
      this.prisma.institution.count({ where }),
    ]);
  }

  /** A page of the matching institutions by name (the public list), and how many match. */
  pageByName(where: InstitutionFilter, page: { skip: number; take: number }) {
    return Promise.all([this.prisma.institution.findMany({ where, orderBy: BY_NAME, ...page }), this.prisma.institution.count({ where })]);
  }

  /** Every matching institution by name (the public list filtered by the designation in force). */
  allByName(where: InstitutionFilter): Promise<Institution[]> {
    return this.prisma.institution.findMany({ where, orderBy: BY_NAME });
  }

  /** The Shanghai month of the earliest moment the institution's history makes it FILED; null if it never was. */
  async firstFiledMonth(tx: Tx, institutionId: string): Promise<string | null> {
    const first = await tx.institutionStatusChange.findFirst({
      where: { institutionId, toStatus: 'FILED' },
      orderBy: { at: 'asc' },
      select: { at: true },
    });
    return first ? shanghaiMonthOf(first.at) : null;
  }

  /** Every status change of the institution, in the order recorded. */
  statusChanges(institutionId: string): Promise<InstitutionStatusChange[]> {
    return this.prisma.institutionStatusChange.findMany({ where: { institutionId }, orderBy: [{ recordedAt: 'asc' }, { at: 'asc' }] });
  }
}
