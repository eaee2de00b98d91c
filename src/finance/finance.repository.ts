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
}
