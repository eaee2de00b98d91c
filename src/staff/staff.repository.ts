import { Injectable } from '@nestjs/common';
import { firstDayOf, lastDayOf, toDateString } from '../common/month';
import type { Prisma, Staff } from '../generated/prisma/client';
import type { StaffRole } from '../generated/prisma/enums';
import { PrismaService } from '../infra/database/prisma.service';
import type { Tx } from '../infra/database/transactions';

export type { Staff } from '../generated/prisma/client';

/** Every database access of the staff register. */
@Injectable()
export class StaffRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Held until commit: registrations of one person (by the HMAC of the ID number) queue up. */
  async lockPerson(tx: Tx, idHash: string): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`staff:${idHash}`}, 0))`;
  }

  /** The person's registrations whose period overlaps the one given, with their institution's name (joins institutions). */
  overlapping(tx: Tx, idHash: string, startedOn: Date, endedOn: Date | null) {
    return tx.staff.findMany({
      where: {
        idHash,
        ...(endedOn ? { startedOn: { lte: endedOn } } : {}),
        OR: [{ endedOn: null }, { endedOn: { gte: startedOn } }],
      },
      include: { institution: { select: { name: true } } },
    });
  }

  create(
    tx: Tx,
    staff: {
      institutionId: string;
      idHash: string;
      idCipher: string;
      idMasked: string;
      nameCipher: string;
      keyId: string;
      role: StaffRole;
      qualificationNo: string | null;
      healthCertificateExpiresOn: Date;
      backgroundCheckedOn: Date | null;
      startedOn: Date;
      endedOn: Date | null;
      createdById: string;
    },
  ): Promise<Staff> {
    return tx.staff.create({ data: staff });
  }

  /** One page of the institution's staff (true: working on `today`, false: not, undefined: all), and how many match. */
  list(institutionId: string, active: boolean | undefined, today: Date, page: { skip: number; take: number }): Promise<[Staff[], number]> {
    const working: Prisma.StaffWhereInput = { startedOn: { lte: today }, OR: [{ endedOn: null }, { endedOn: { gte: today } }] };
    const where: Prisma.StaffWhereInput = {
      institutionId,
      ...(active === true ? working : active === false ? { NOT: working } : {}),
    };
    const { skip, take } = page;
    return Promise.all([
      this.prisma.staff.findMany({ where, orderBy: [{ startedOn: 'asc' }, { id: 'asc' }], skip, take }),
      this.prisma.staff.count({ where }),
    ]);
  }

  findById(id: string, db: Tx = this.prisma): Promise<Staff | null> {
    return db.staff.findUnique({ where: { id } });
  }

  getById(tx: Tx, id: string): Promise<Staff> {
    return tx.staff.findUniqueOrThrow({ where: { id } });
  }

  end(tx: Tx, id: string, endedOn: Date): Promise<Staff> {
    return tx.staff.update({ where: { id }, data: { endedOn } });
  }

  /**
   * One page of working staff (of institutions not closed: joins institutions, with their names) whose health
   * certificate expires by `until` or who have no background check, soonest expiry first; and how many match.
   */
  needingAttention(today: Date, until: Date, page: { skip: number; take: number }) {
    const where: Prisma.StaffWhereInput = {
      AND: [
        { OR: [{ endedOn: null }, { endedOn: { gte: today } }] },
        { OR: [{ healthCertificateExpiresOn: { lte: until } }, { backgroundCheckedOn: null }] },
      ],
      institution: { status: { not: 'CLOSED' } },
    };
    const { skip, take } = page;
    return Promise.all([
      this.prisma.staff.findMany({
        where,
        include: { institution: { select: { name: true } } },
        orderBy: [{ healthCertificateExpiresOn: 'asc' }, { id: 'asc' }],
        skip,
        take,
      }),
      this.prisma.staff.count({ where }),
    ]);
  }

  /** Distinct caregivers of the institution employed on at least one day of `month`. */
  async caregiversActiveIn(institutionId: string, month: string, db: Tx = this.prisma): Promise<number> {
    // one plain statement: it runs for every roster answer (a model call costs about twice the CPU)
    const [{ n }] = await db.$queryRaw<{ n: number }[]>`
      SELECT count(DISTINCT "idHash")::int AS n FROM staff
       WHERE "institutionId" = ${institutionId}::uuid AND role = 'CAREGIVER'::"StaffRole"
         AND "startedOn" <= ${toDateString(lastDayOf(month))}::date
         AND ("endedOn" IS NULL OR "endedOn" >= ${toDateString(firstDayOf(month))}::date)`;
    return n;
  }
}
