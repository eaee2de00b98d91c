import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import type { FundingSource, GrantKind, GrantStatus } from '../generated/prisma/enums';
import { PrismaService } from '../infra/database/prisma.service';
import type { Tx } from '../infra/database/transactions';

/** What every grant query loads: components with their disbursements, oldest first. */
export const GRANT_INCLUDE = {
  components: { include: { disbursements: { orderBy: [{ paidOn: 'asc' }, { createdAt: 'asc' }] } } },
} satisfies Prisma.GrantInclude;

export type GrantWithComponents = Prisma.GrantGetPayload<{ include: typeof GRANT_INCLUDE }>;

/** Whether `error` is the database refusing a second row with the same unique value (a race past a check). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

export interface GrantFilter {
  institutionId?: string;
  /** the operator's own institution (undefined: every institution) */
  scope?: string;
  kind?: GrantKind;
  year?: number;
  status?: GrantStatus;
}

/** Every database access of grants, their components and disbursements. */
@Injectable()
export class GrantsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The registry's facts about an institution that grant eligibility depends on (reads the registry's table). */
  institutionFacts(id: string, db: Tx = this.prisma) {
    return db.institution.findUnique({
      where: { id },
      select: { id: true, status: true, kind: true, independent: true, districtLevel: true },
    });
  }

  /** Holds the institution's row until commit (reads the registry's table): a suspension or closure waits, or is seen. */
  async lockInstitution(tx: Tx, id: string): Promise<void> {
    await tx.$queryRaw`SELECT id FROM institutions WHERE id = ${id}::uuid FOR UPDATE`;
  }

  async existsWithKey(tx: Tx, uniqueKey: string): Promise<boolean> {
    return !!(await tx.grant.findUnique({ where: { uniqueKey }, select: { id: true } }));
  }

  create(
    tx: Tx,
    grant: { institutionId: string; kind: GrantKind; year: number; uniqueKey: string; createdById: string },
    components: { source: FundingSource; amountFen: number }[],
  ): Promise<GrantWithComponents> {
    return tx.grant.create({
      data: {
        institutionId: grant.institutionId,
        kind: grant.kind,
        year: grant.year,
        uniqueKey: grant.uniqueKey,
        createdById: grant.createdById,
        components: { create: components },
      },
      include: GRANT_INCLUDE,
    });
  }

  /** One page of grants, newest first, and how many match. */
  list(filter: GrantFilter, page: { skip: number; take: number }): Promise<[GrantWithComponents[], number]> {
    const where: Prisma.GrantWhereInput = {
      AND: [{ institutionId: filter.institutionId }, { institutionId: filter.scope }],
      kind: filter.kind,
      year: filter.year,
      status: filter.status,
    };
    return Promise.all([
      this.prisma.grant.findMany({ where, include: GRANT_INCLUDE, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], ...page }),
      this.prisma.grant.count({ where }),
    ]);
  }

  findById(id: string): Promise<GrantWithComponents | null> {
    return this.prisma.grant.findUnique({ where: { id }, include: GRANT_INCLUDE });
  }

  /** Locks the grant row for the rest of the transaction and reads it (null: no such grant). */
  async lock(tx: Tx, id: string): Promise<GrantWithComponents | null> {
    await tx.$queryRaw`SELECT id FROM grants WHERE id = ${id}::uuid FOR UPDATE`;
    return tx.grant.findUnique({ where: { id }, include: GRANT_INCLUDE });
  }

  async setComponentBudgetApplied(tx: Tx, componentId: string, budgetApplied: boolean): Promise<void> {
    await tx.grantComponent.update({ where: { id: componentId }, data: { budgetApplied } });
  }

  approve(tx: Tx, id: string, decision: { decidedById: string; decidedAt: Date; budgetApplied: boolean }): Promise<GrantWithComponents> {
    return tx.grant.update({
      where: { id },
      data: {
        status: 'APPROVED',
        decidedById: decision.decidedById,
        decidedAt: decision.decidedAt,
        budgetApplied: decision.budgetApplied,
      },
      include: GRANT_INCLUDE,
    });
  }

  reject(tx: Tx, id: string, decision: { reason: string; decidedById: string; decidedAt: Date }): Promise<GrantWithComponents> {
    return tx.grant.update({
      where: { id },
      data: { status: 'REJECTED', reason: decision.reason, decidedById: decision.decidedById, decidedAt: decision.decidedAt },
      include: GRANT_INCLUDE,
    });
  }

  async voucherRecorded(tx: Tx, voucherNo: string): Promise<boolean> {
    return !!(await tx.grantDisbursement.findUnique({ where: { voucherNo }, select: { id: true } }));
  }

  /** Raises the component's paid amount unless that would pay more than granted; false when it would. */
  async raisePaid(tx: Tx, componentId: string, amountFen: number): Promise<boolean> {
    const raised = await tx.$executeRaw`
          UPDATE grant_components SET "paidFen" = "paidFen" + ${amountFen}
           WHERE id = ${componentId}::uuid AND "paidFen" + ${amountFen} <= "amountFen"`;
    return raised === 1;
  }

  async addDisbursement(
    tx: Tx,
    disbursement: { componentId: string; amountFen: number; voucherNo: string; paidOn: Date; recordedById: string },
  ): Promise<void> {
    await tx.grantDisbursement.create({ data: disbursement });
  }

  componentAmounts(tx: Tx, grantId: string) {
    return tx.grantComponent.findMany({ where: { grantId }, select: { amountFen: true, paidFen: true } });
  }

  /** After a payment: DISBURSED once every component is paid in full, else only the change time moves. */
  afterPayment(tx: Tx, id: string, fullyPaid: boolean, now: Date): Promise<GrantWithComponents> {
    return tx.grant.update({
      where: { id },
      data: fullyPaid ? { status: 'DISBURSED' } : { updatedAt: now },
      include: GRANT_INCLUDE,
    });
  }
}
