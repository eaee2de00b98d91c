import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/database/prisma.service';

/** The statistics' reads (a read model: it reads the registry's tables, never writes). */
@Injectable()
export class StatsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Every township with its population (registry's townships). */
  townships() {
    return this.prisma.township.findMany({ select: { code: true, name: true, population: true } });
  }

  /** The approved slots of every FILED institution, with its township (registry's institutions). */
  filedInstitutions() {
    return this.prisma.institution.findMany({ where: { status: 'FILED' }, select: { id: true, township: true, approvedSlots: true } });
  }
}
