import { Injectable } from '@nestjs/common';
import type { CreditRating, Inspection, Prisma } from '../generated/prisma/client';
import { PrismaService, type Tx } from '../infra/database/prisma.service';

export type { CreditRating, Inspection };
export type NewInspection = Prisma.InspectionUncheckedCreateInput;
export type NewCreditRating = Prisma.CreditRatingUncheckedCreateInput;

/** Supervision records (监管): inspections and credit ratings of institutions. */
@Injectable()
export class SupervisionRepository {
  constructor(private readonly prisma: PrismaService) {}

  addInspection(tx: Tx, data: NewInspection): Promise<Inspection> {
    return tx.inspection.create({ data });
  }

  /** A page of the institution's inspections, latest first, and how many it has. */
  inspections(institutionId: string, page: { skip: number; take: number }) {
    const where = { institutionId };
    return Promise.all([
      this.prisma.inspection.findMany({ where, orderBy: [{ inspectedOn: 'desc' }, { createdAt: 'desc' }], ...page }),
      this.prisma.inspection.count({ where }),
    ]);
  }

  addCreditRating(tx: Tx, data: NewCreditRating): Promise<CreditRating> {
    return tx.creditRating.create({ data });
  }

  /** The rating in force: the one with the latest ratedOn (then the latest recorded). */
  latestCreditRating(tx: Tx, institutionId: string): Promise<CreditRating> {
    return tx.creditRating.findFirstOrThrow({
      where: { institutionId },
      orderBy: [{ ratedOn: 'desc' }, { createdAt: 'desc' }, { id: 'desc' }],
    });
  }

  /** A page of the institution's credit ratings, latest first, and how many it has. */
  creditRatings(institutionId: string, page: { skip: number; take: number }) {
    const where = { institutionId };
    return Promise.all([
      this.prisma.creditRating.findMany({ where, orderBy: [{ ratedOn: 'desc' }, { createdAt: 'desc' }], ...page }),
      this.prisma.creditRating.count({ where }),
    ]);
  }
}
