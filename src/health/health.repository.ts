import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/database/prisma.service';

/** The health check's one database access. */
@Injectable()
export class HealthRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Resolves when the database answers a trivial query. */
  ping() {
    return this.prisma.$queryRaw`SELECT 1`;
  }
}
