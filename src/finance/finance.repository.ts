import { Injectable } from '@nestjs/common';
import type { Prisma } from '../generated/prisma/client';
import { PrismaService, Tx } from '../infra/database/prisma.service';

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

const paymentSelect = {
  id: true,
  settlementId: true,
  institutionId: true,
  amountFen: true,
  voucherNo: true,
  paidOn: true,
  institution: { select: { name: true, creditCode: true } },
} satisfies Prisma.PaymentSelect;

/** Every database read and write of the finance bureau's own records (the payments); settlements are read through the settlement. */
@Injectable()
export class FinanceRepository {
  constructor(private readonly prisma: PrismaService) {}

  payments(settlementId: string, institutionId?: string, db: Tx = this.prisma): Promise<PaymentRow[]> {
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

  /** One institution's payments against the settlements, in payment order. */
  institutionPayments(institutionId: string, settlementIds: string[]): Promise<PaymentRow[]> {
    return this.prisma.payment.findMany({
      where: { institutionId, settlementId: { in: settlementIds } },
      orderBy: [{ paidOn: 'asc' }, { voucherNo: 'asc' }],
      select: paymentSelect,
    });
  }

  /** What was paid per settlement and institution, for the settlements. */
  paidPerInstitution(settlementIds: string[]) {
    return this.prisma.$queryRaw<{ settlementId: string; institutionId: string; paid: bigint }[]>`
      SELECT "settlementId", "institutionId", SUM("amountFen")::bigint AS paid FROM payments
       WHERE "settlementId" = ANY(${settlementIds}::uuid[]) GROUP BY 1, 2`;
  }

  institutionExists(id: string): Promise<{ id: string } | null> {
    return this.prisma.institution.findUnique({ where: { id }, select: { id: true } });
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
