import { Injectable } from '@nestjs/common';
import type { Prisma, SettlementLine } from '../generated/prisma/client';
import { PrismaService } from '../infra/database/prisma.service';

/** Which lines of a settlement. */
export type LineFilter = Pick<Prisma.SettlementLineWhereInput, 'settlementId' | 'institutionId' | 'reason' | 'forMonth' | 'childId'>;

/** A line with the child's masked ID number. */
export type LineRow = SettlementLine & { child: { idMasked: string } };

/** The per-child lines of the settlements (table `settlement_lines`) as read back; the computation writes them. */
@Injectable()
export class SettlementLinesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** A page of lines in id order, and how many match. */
  page(where: LineFilter, page: { skip: number; take: number }): Promise<[LineRow[], number]> {
    return Promise.all([
      this.prisma.settlementLine.findMany({
        where,
        orderBy: { id: 'asc' },
        include: { child: { select: { idMasked: true } } },
        ...page,
      }),
      this.prisma.settlementLine.count({ where }),
    ]);
  }
}
