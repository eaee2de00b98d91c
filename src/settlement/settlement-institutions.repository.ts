import { Injectable } from '@nestjs/common';
import { Prisma, SettlementInstitution } from '../generated/prisma/client';
import type { SettlementStatus } from '../generated/prisma/enums';
import { PrismaService, Tx } from '../infra/database/prisma.service';
import { SETTLED_STATUSES, SETTLED_STATUSES_SQL } from './settlement-status';

/** An institution's part of a settlement, with the institution's name. */
export type InstitutionPartRow = SettlementInstitution & { institution: { name: string } };

export interface MemberRow {
  institutionId: string;
  institutionName: string;
  creditCode: string;
  expectedFen: number;
}

export interface PayeeDetails {
  name: string;
  creditCode: string;
  bankName: string | null;
  accountName: string | null;
  accountNumber: string | null;
}

export interface PayeeRow {
  institutionId: string;
  fixed: (PayeeDetails & { fixedAt: Date }) | null;
  current: PayeeDetails;
}

/** An institution's row of the payment file: its payee and its figures. */
export interface PaymentFileRow {
  name: string;
  creditCode: string;
  bankName: string | null;
  bankAccountName: string | null;
  bankAccountNumber: string | null;
  paidChildren: number;
  secondChildCount: number;
  thirdChildCount: number;
  adjustmentFen: number;
  amountFen: number;
}

/** An institution's share of an approved or paid settlement. */
export interface InstitutionShare {
  amountFen: bigint;
  settlement: { id: string; month: string; status: SettlementStatus; paidAt: Date | null };
}

/** What an approved or paid settlement owes one institution (institutionId/amountFen null: it owes none). */
export interface SettledAmountRow {
  settlementId: string;
  month: string;
  status: SettlementStatus;
  institutionId: string | null;
  amountFen: bigint | null;
}

/** The export's payee columns: fixed at approval when it was, else the registry's (a draft). */
const PAYEE_COLUMNS = Prisma.sql`
  CASE WHEN si."payeeFixedAt" IS NULL THEN i.name ELSE si."payeeName" END AS name,
  CASE WHEN si."payeeFixedAt" IS NULL THEN i."creditCode" ELSE si."payeeCreditCode" END AS "creditCode",
  CASE WHEN si."payeeFixedAt" IS NULL THEN i."bankName" ELSE si."payeeBankName" END AS "bankName",
  CASE WHEN si."payeeFixedAt" IS NULL THEN i."bankAccountName" ELSE si."payeeAccountName" END AS "bankAccountName",
  CASE WHEN si."payeeFixedAt" IS NULL THEN i."bankAccountNumber" ELSE si."payeeAccountNumber" END AS "bankAccountNumber"`;

/**
 * Each institution's part of a settlement (table `settlement_institutions`): its totals, and the payee fixed at
 * approval.
 */
@Injectable()
export class SettlementInstitutionsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The parts of several settlements (only `institutionId`'s when given), by settlement and institution id. */
  partsOf(settlementIds: string[], institutionId: string | undefined): Promise<InstitutionPartRow[]> {
    return this.prisma.settlementInstitution.findMany({
      where: { settlementId: { in: settlementIds }, institutionId },
      include: { institution: { select: { name: true } } },
      orderBy: [{ settlementId: 'asc' }, { institutionId: 'asc' }],
    });
  }

  /** One settlement's parts (only `institutionId`'s when given), by institution id. */
  parts(settlementId: string, institutionId: string | undefined): Promise<InstitutionPartRow[]> {
    return this.prisma.settlementInstitution.findMany({
      where: { settlementId, institutionId },
      include: { institution: { select: { name: true } } },
      orderBy: { institutionId: 'asc' },
    });
  }

  /** One settlement's parts in the order of the institutions' names (the public notice). */
  partsByName(settlementId: string): Promise<InstitutionPartRow[]> {
    return this.prisma.settlementInstitution.findMany({
      where: { settlementId },
      include: { institution: { select: { name: true } } },
      orderBy: { institution: { name: 'asc' } },
    });
  }

  /** How many institutions each of the settlements has a part for (settlements without any are absent). */
  async countParts(settlementIds: string[]): Promise<Map<string, number>> {
    const counts = await this.prisma.settlementInstitution.groupBy({
      by: ['settlementId'],
      where: { settlementId: { in: settlementIds } },
      _count: { _all: true },
    });
    return new Map(counts.map((c) => [c.settlementId, c._count._all]));
  }

  /**
   * Fixes the payee of every institution of an approved settlement: name, credit code and bank account as the
   * registry has them at approval (in the approval's transaction). The payment file of the month shows these
   * values from then on; a later change of the institution's bank details is shown to finance as a change, it
   * never silently redirects the money.
   */
  async fixPayees(tx: Tx, settlementId: string, at: Date): Promise<void> {
    await tx.$executeRaw`
    UPDATE settlement_institutions si
       SET "payeeFixedAt" = ${at}, "payeeName" = i.name, "payeeCreditCode" = i."creditCode", "payeeBankName" = i."bankName",
           "payeeAccountName" = i."bankAccountName", "payeeAccountNumber" = i."bankAccountNumber"
      FROM institutions i
     WHERE i.id = si."institutionId" AND si."settlementId" = ${settlementId}::uuid`;
  }

  /**
   * The payment file's rows in credit-code order, a batch at a time (keyset on the credit code, unique within a
   * settlement). The payee of an approved month is the one fixed at approval; a published month's draft
   * shows the registry's details of now.
   */
  async *exportBatches(settlementId: string, batchSize = 500): AsyncGenerator<PaymentFileRow[]> {
    let after: string | null = null;
    for (;;) {
      const rows: (Omit<PaymentFileRow, 'adjustmentFen' | 'amountFen'> & {
        adjustmentFen: number | bigint;
        amountFen: number | bigint;
      })[] = await this.prisma.$queryRaw`
        SELECT * FROM (
          SELECT ${PAYEE_COLUMNS}, si."paidChildren", si."secondChildCount", si."thirdChildCount", si."adjustmentFen", si."amountFen"
            FROM settlement_institutions si JOIN institutions i ON i.id = si."institutionId"
           WHERE si."settlementId" = ${settlementId}::uuid) x
         WHERE ${after}::text IS NULL OR x."creditCode" > ${after}::text
         ORDER BY x."creditCode" LIMIT ${batchSize}`;
      if (rows.length === 0) return;
      yield rows.map((r) => ({ ...r, adjustmentFen: Number(r.adjustmentFen), amountFen: Number(r.amountFen) }));
      if (rows.length < batchSize) return;
      after = rows[rows.length - 1].creditCode;
    }
  }

  /**
   * Per institution of the settlement: the payee fixed at approval (null before approval, or for a month
   * approved before payees were fixed) and the registry's details now.
   */
  async payees(settlementId: string, db: Tx = this.prisma): Promise<PayeeRow[]> {
    const rows = await db.settlementInstitution.findMany({
      where: { settlementId },
      select: {
        institutionId: true,
        payeeFixedAt: true,
        payeeName: true,
        payeeCreditCode: true,
        payeeBankName: true,
        payeeAccountName: true,
        payeeAccountNumber: true,
        institution: { select: { name: true, creditCode: true, bankName: true, bankAccountName: true, bankAccountNumber: true } },
      },
    });
    return rows.map((r) => ({
      institutionId: r.institutionId,
      fixed:
        r.payeeFixedAt === null
          ? null
          : {
              name: r.payeeName ?? '',
              creditCode: r.payeeCreditCode ?? '',
              bankName: r.payeeBankName,
              accountName: r.payeeAccountName,
              accountNumber: r.payeeAccountNumber,
              fixedAt: r.payeeFixedAt,
            },
      current: {
        name: r.institution.name,
        creditCode: r.institution.creditCode,
        bankName: r.institution.bankName,
        accountName: r.institution.bankAccountName,
        accountNumber: r.institution.bankAccountNumber,
      },
    }));
  }

  /** Institutions that are part of the settlement (have a per-institution total), optionally only some. */
  async members(
    settlementId: string,
    only?: { ids?: string[]; creditCodes?: string[]; institutionId?: string },
    db: Tx = this.prisma,
  ): Promise<MemberRow[]> {
    const where: Prisma.SettlementInstitutionWhereInput = { settlementId };
    if (only?.institutionId) where.institutionId = only.institutionId;
    if (only?.ids || only?.creditCodes) {
      where.OR = [
        { institutionId: { in: only.ids ?? [] } },
        { payeeCreditCode: { in: only.creditCodes ?? [] } },
        { payeeFixedAt: null, institution: { creditCode: { in: only.creditCodes ?? [] } } },
      ];
    }
    const rows = await db.settlementInstitution.findMany({
      where,
      orderBy: { institution: { creditCode: 'asc' } },
      select: {
        institutionId: true,
        amountFen: true,
        payeeFixedAt: true,
        payeeName: true,
        payeeCreditCode: true,
        institution: { select: { name: true, creditCode: true } },
      },
    });
    // an approved month's institutions are known by the payee fixed at approval (the bank file carries it)
    return rows.map((r) => ({
      institutionId: r.institutionId,
      institutionName: (r.payeeFixedAt && r.payeeName) || r.institution.name,
      creditCode: (r.payeeFixedAt && r.payeeCreditCode) || r.institution.creditCode,
      expectedFen: Number(r.amountFen),
    }));
  }

  /** One institution's share of each approved or paid settlement, newest month first, and how many there are. */
  institutionShares(institutionId: string, skip: number, take: number): Promise<[InstitutionShare[], number]> {
    const where: Prisma.SettlementInstitutionWhereInput = { institutionId, settlement: { status: { in: [...SETTLED_STATUSES] } } };
    return Promise.all([
      this.prisma.settlementInstitution.findMany({
        where,
        orderBy: { settlement: { month: 'desc' } },
        skip,
        take,
        select: { amountFen: true, settlement: { select: { id: true, month: true, status: true, paidAt: true } } },
      }),
      this.prisma.settlementInstitution.count({ where }),
    ]);
  }

  /** Every approved or paid settlement of the year with what it owes each institution, in month order. */
  settledAmountsOfYear(year: number): Promise<SettledAmountRow[]> {
    return this.prisma.$queryRaw<SettledAmountRow[]>`
      SELECT s.id AS "settlementId", s.month, s.status::text AS status, si."institutionId", si."amountFen"
      FROM settlements s
      LEFT JOIN settlement_institutions si ON si."settlementId" = s.id
      WHERE s.month LIKE ${`${year}-%`} AND s.status IN ${SETTLED_STATUSES_SQL}
      ORDER BY s.month`;
  }
}
