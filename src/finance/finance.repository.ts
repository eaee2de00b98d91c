import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import type { SettlementStatus } from '../generated/prisma/enums';
import { PrismaService, Tx } from '../infra/database/prisma.service';
import type { ExportInstitution } from './export-layout';

export interface SettlementHead {
  id: string;
  month: string;
  status: SettlementStatus;
  paidAt: Date | null;
}

export interface MemberRow {
  institutionId: string;
  institutionName: string;
  creditCode: string;
  expectedFen: number;
}

export interface PaymentRow {
  id: string;
  settlementId: string;
  institutionId: string;
  amountFen: number;
  voucherNo: string;
  paidOn: Date;
  institution: { name: string; creditCode: string };
}

export interface NewPayment {
  settlementId: string;
  institutionId: string;
  amountFen: number;
  voucherNo: string;
  paidOn: string;
  recordedById: string;
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

/** The export's payee columns: fixed at approval when it was, else the registry's (a draft). */
const PAYEE_COLUMNS = Prisma.sql`
  CASE WHEN si."payeeFixedAt" IS NULL THEN i.name ELSE si."payeeName" END AS name,
  CASE WHEN si."payeeFixedAt" IS NULL THEN i."creditCode" ELSE si."payeeCreditCode" END AS "creditCode",
  CASE WHEN si."payeeFixedAt" IS NULL THEN i."bankName" ELSE si."payeeBankName" END AS "bankName",
  CASE WHEN si."payeeFixedAt" IS NULL THEN i."bankAccountName" ELSE si."payeeAccountName" END AS "bankAccountName",
  CASE WHEN si."payeeFixedAt" IS NULL THEN i."bankAccountNumber" ELSE si."payeeAccountNumber" END AS "bankAccountNumber"`;

export const PAYABLE_STATUSES: SettlementStatus[] = ['APPROVED', 'PAID'];

const paymentSelect = {
  id: true,
  settlementId: true,
  institutionId: true,
  amountFen: true,
  voucherNo: true,
  paidOn: true,
  institution: { select: { name: true, creditCode: true } },
} satisfies Prisma.PaymentSelect;

/** Every database read and write of the finance bureau's work. */
@Injectable()
export class FinanceRepository {
  constructor(private readonly prisma: PrismaService) {}

  findSettlement(id: string, db: Tx = this.prisma): Promise<SettlementHead | null> {
    return db.settlement.findUnique({ where: { id }, select: { id: true, month: true, status: true, paidAt: true } });
  }

  /** Row lock on the settlement: payment batches and the move to PAID of one settlement run one at a time. */
  async lockSettlement(tx: Tx, id: string): Promise<SettlementHead | null> {
    const rows = await tx.$queryRaw<SettlementHead[]>`
      SELECT id, month, status::text AS status, "paidAt" FROM settlements WHERE id = ${id}::uuid FOR UPDATE`;
    return rows[0] ?? null;
  }

  /**
   * The export rows in credit-code order, a batch at a time (keyset on the credit code, unique within a
   * settlement). The payee of an approved month is the one fixed at approval; a published month's draft
   * shows the registry's details of now.
   */
  async *exportBatches(settlementId: string, batchSize = 500): AsyncGenerator<ExportInstitution[]> {
    let after: string | null = null;
    for (;;) {
      const rows: (Omit<ExportInstitution, 'adjustmentFen' | 'amountFen'> & {
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
  async payees(db: Tx, settlementId: string): Promise<PayeeRow[]> {
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
    db: Tx,
    settlementId: string,
    only?: { ids?: string[]; creditCodes?: string[]; institutionId?: string },
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

  payments(db: Tx, settlementId: string, institutionId?: string): Promise<PaymentRow[]> {
    return db.payment.findMany({
      where: { settlementId, institutionId },
      orderBy: [{ paidOn: 'asc' }, { voucherNo: 'asc' }],
      select: paymentSelect,
    });
  }

  paymentsByVoucher(tx: Tx, voucherNos: string[]): Promise<PaymentRow[]> {
    return tx.payment.findMany({ where: { voucherNo: { in: voucherNos } }, select: paymentSelect });
  }

  async createPayments(tx: Tx, payments: NewPayment[]): Promise<void> {
    await tx.payment.createMany({ data: payments.map((p) => ({ ...p, paidOn: new Date(`${p.paidOn}T00:00:00Z`) })) });
  }

  /** APPROVED → PAID; false when the settlement was no longer APPROVED. */
  async markPaid(tx: Tx, id: string, at: Date): Promise<boolean> {
    const { count } = await tx.settlement.updateMany({ where: { id, status: 'APPROVED' }, data: { status: 'PAID', paidAt: at } });
    return count === 1;
  }

  institutionExists(id: string): Promise<{ id: string } | null> {
    return this.prisma.institution.findUnique({ where: { id }, select: { id: true } });
  }

  /** One institution's share of each approved or paid settlement, newest month first. */
  async institutionSettlements(institutionId: string, skip: number, take: number) {
    const where: Prisma.SettlementInstitutionWhereInput = { institutionId, settlement: { status: { in: PAYABLE_STATUSES } } };
    const [rows, total] = await Promise.all([
      this.prisma.settlementInstitution.findMany({
        where,
        orderBy: { settlement: { month: 'desc' } },
        skip,
        take,
        select: { amountFen: true, settlement: { select: { id: true, month: true, status: true, paidAt: true } } },
      }),
      this.prisma.settlementInstitution.count({ where }),
    ]);
    const payments = await this.prisma.payment.findMany({
      where: { institutionId, settlementId: { in: rows.map((r) => r.settlement.id) } },
      orderBy: [{ paidOn: 'asc' }, { voucherNo: 'asc' }],
      select: paymentSelect,
    });
    return { rows, total, payments };
  }

  /** Per approved/paid settlement of the year: owed, paid, and the sum of every institution's shortfall. */
  subsidyMonths(year: number) {
    return this.prisma.$queryRaw<
      { settlementId: string; month: string; status: SettlementStatus; expectedFen: bigint; paidFen: bigint; outstandingFen: bigint }[]
    >`
      SELECT s.id AS "settlementId", s.month, s.status::text AS status,
             COALESCE(SUM(si."amountFen"), 0)::bigint AS "expectedFen",
             COALESCE(SUM(p.paid), 0)::bigint AS "paidFen",
             COALESCE(SUM(GREATEST(si."amountFen" - COALESCE(p.paid, 0), 0)), 0)::bigint AS "outstandingFen"
      FROM settlements s
      LEFT JOIN settlement_institutions si ON si."settlementId" = s.id
      LEFT JOIN (
        SELECT "settlementId", "institutionId", SUM("amountFen") AS paid FROM payments GROUP BY 1, 2
      ) p ON p."settlementId" = si."settlementId" AND p."institutionId" = si."institutionId"
      WHERE s.month LIKE ${`${year}-%`} AND s.status IN ('APPROVED', 'PAID')
      GROUP BY s.id, s.month, s.status
      ORDER BY s.month`;
  }

  /** Grants of the year that were approved, per funding source: the amount granted and what was disbursed of it. */
  grantSources(year: number) {
    return this.prisma.$queryRaw<{ source: 'CITY' | 'DISTRICT'; approvedFen: bigint; disbursedFen: bigint }[]>`
      SELECT gc.source::text AS source,
             COALESCE(SUM(gc."amountFen"), 0)::bigint AS "approvedFen",
             COALESCE(SUM(d.paid), 0)::bigint AS "disbursedFen"
      FROM grant_components gc
      JOIN grants g ON g.id = gc."grantId"
      LEFT JOIN (SELECT "componentId", SUM("amountFen") AS paid FROM grant_disbursements GROUP BY 1) d ON d."componentId" = gc.id
      WHERE g.year = ${year} AND g.status IN ('APPROVED', 'DISBURSED')
      GROUP BY gc.source`;
  }
}
