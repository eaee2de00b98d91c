import { Injectable } from '@nestjs/common';
import type { Prisma, SettlementLine } from '../generated/prisma/client';
import { PrismaService } from '../infra/database/prisma.service';

/** Which lines of a settlement. */
export type LineFilter = Pick<Prisma.SettlementLineWhereInput, 'settlementId' | 'institutionId' | 'reason' | 'forMonth' | 'childId'>;

/** A line with the child's masked ID number. */
export type LineRow = SettlementLine & { child: { idMasked: string } };

/** A line with the child's masked ID number and the institution's name and credit code (the lines file). */
export type LineFileRow = LineRow & { institution: { name: string; creditCode: string } };

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

  /** Every matching line in id order, a batch at a time. */
  async *batches(where: LineFilter, batchSize: number): AsyncGenerator<LineFileRow[]> {
    let cursor: bigint | undefined;
    for (;;) {
      const rows = await this.prisma.settlementLine.findMany({
        where: cursor === undefined ? where : { ...where, id: { gt: cursor } },
        orderBy: { id: 'asc' },
        take: batchSize,
        include: { child: { select: { idMasked: true } }, institution: { select: { name: true, creditCode: true } } },
      });
      yield rows;
      if (rows.length < batchSize) return;
      cursor = rows[rows.length - 1].id;
    }
  }
}
