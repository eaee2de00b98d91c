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
  async page(where: LineFilter, page: { skip: number; take: number }): Promise<[LineRow[], number]> {
    const [rows, total] = await Promise.all([
      this.prisma.settlementLine.findMany({ where, orderBy: { id: 'asc' }, ...page }),
      this.prisma.settlementLine.count({ where }),
    ]);
    const maskedOf = await this.maskedIds(rows);
    return [rows.map((l) => ({ ...l, child: { idMasked: maskedOf.get(l.childId)! } })), total];
  }

  /** Every matching line in id order, a batch at a time. */
  async *batches(where: LineFilter, batchSize: number): AsyncGenerator<LineFileRow[]> {
    let cursor: bigint | undefined;
    for (;;) {
      const rows = await this.prisma.settlementLine.findMany({
        where: cursor === undefined ? where : { ...where, id: { gt: cursor } },
        orderBy: { id: 'asc' },
        take: batchSize,
      });
      const [maskedOf, institutions] = await Promise.all([
        this.maskedIds(rows),
        this.prisma.institution.findMany({
          where: { id: { in: [...new Set(rows.map((l) => l.institutionId))] } },
          select: { id: true, name: true, creditCode: true },
        }),
      ]);
      const institutionOf = new Map(institutions.map((i) => [i.id, { name: i.name, creditCode: i.creditCode }]));
      yield rows.map((l) => ({ ...l, child: { idMasked: maskedOf.get(l.childId)! }, institution: institutionOf.get(l.institutionId)! }));
      if (rows.length < batchSize) return;
      cursor = rows[rows.length - 1].id;
    }
  }

  /**
   * The masked ID numbers of the lines' children. Lines keep no foreign keys (docs/performance.md: the lines table's
   * constraints), so there is no relation to include: the children are read by id, one query per page or batch.
   */
  private async maskedIds(rows: SettlementLine[]): Promise<Map<string, string>> {
    const children = await this.prisma.child.findMany({
      where: { id: { in: [...new Set(rows.map((l) => l.childId))] } },
      select: { id: true, idMasked: true },
    });
    return new Map(children.map((c) => [c.id, c.idMasked]));
  }
}
