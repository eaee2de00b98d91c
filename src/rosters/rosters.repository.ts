import { Injectable } from '@nestjs/common';
import { ChildrenRepository } from '../children/children.repository';
import { addMonths, toDateString } from '../common/month';
import type { Prisma, Roster } from '../generated/prisma/client';
import type { RosterStatus } from '../generated/prisma/enums';
import { PiiCipher } from '../infra/crypto/pii-cipher';
import { PrismaService, Tx } from '../infra/database/prisma.service';
import type { ValidEntry } from './roster-validation';
import type { EntryRow } from './roster.view';

/** Statuses in which a roster counts for payment; the highest such version of a month is the effective one. */
export const EFFECTIVE_STATUSES: RosterStatus[] = ['APPROVED', 'LOCKED'];
/** Statuses of a roster still being worked on (at most one per institution and month). */
export const OPEN_STATUSES: RosterStatus[] = ['DRAFT', 'SUBMITTED', 'RETURNED'];

/** Every database access of the rosters module. */
@Injectable()
export class RostersRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly children: ChildrenRepository,
    private readonly cipher: PiiCipher,
  ) {}

  institution(id: string) {
    return this.prisma.institution.findUnique({ where: { id }, select: { id: true, status: true, approvedSlots: true } });
  }

  /** A month whose settlement is approved (or paid) is closed: corrections go through reopen. */
  async monthLocked(month: string): Promise<boolean> {
    const settlement = await this.prisma.settlement.findUnique({ where: { month }, select: { status: true } });
    return settlement?.status === 'APPROVED' || settlement?.status === 'PAID';
  }

  versions(institutionId: string, month: string) {
    return this.prisma.roster.findMany({
      where: { institutionId, month },
      select: { id: true, version: true, status: true },
      orderBy: { version: 'desc' },
    });
  }

  findById(id: string) {
    return this.prisma.roster.findUnique({ where: { id } });
  }

  /** The roster and its entries with their children (one join; Prisma's include costs ~10x for 5,000 rows). */
  async findWithEntries(id: string): Promise<(Roster & { entries: EntryRow[] }) | null> {
    const roster = await this.prisma.roster.findUnique({ where: { id } });
    if (!roster) return null;
    const rows = await this.prisma.$queryRaw<(Omit<EntryRow, 'child'> & Record<`c_${string}`, unknown>)[]>`
      SELECT e."rowIndex", e."childId", e."birthOrder", e."guardianNameCipher", e."guardianPhoneCipher", e."enrolledOn", e."withdrawnOn",
             e."attendanceDays", c."idMasked" AS "c_idMasked", c."nameCipher" AS "c_nameCipher", c."keyId" AS "c_keyId",
             c."birthDate" AS "c_birthDate", c."birthOrder" AS "c_birthOrder"
        FROM roster_entries e JOIN children c ON c.id = e."childId"
       WHERE e."rosterId" = ${id}::uuid
       ORDER BY e."rowIndex"`;
    const entries: EntryRow[] = rows.map((r) => ({
      rowIndex: r.rowIndex,
      childId: r.childId,
      birthOrder: r.birthOrder,
      guardianNameCipher: r.guardianNameCipher,
      guardianPhoneCipher: r.guardianPhoneCipher,
      enrolledOn: r.enrolledOn,
      withdrawnOn: r.withdrawnOn,
      attendanceDays: r.attendanceDays,
      child: {
        idMasked: r.c_idMasked as string,
        nameCipher: r.c_nameCipher as string,
        keyId: r.c_keyId as string,
        birthDate: r.c_birthDate as Date,
        birthOrder: r.c_birthOrder as number | null,
      },
    }));
    return { ...roster, entries };
  }

  /** Rosters without their entries (with the entry count and the institution's name), and how many match. */
  list(where: Prisma.RosterWhereInput, orderBy: Prisma.RosterOrderByWithRelationInput[], skip: number, take: number) {
    return Promise.all([
      this.prisma.roster.findMany({
        where,
        orderBy,
        skip,
        take,
        include: { _count: { select: { entries: true } }, institution: { select: { name: true } } },
      }),
      this.prisma.roster.count({ where }),
    ]);
  }

  /** Each institution's newest roster version of the month (institutions without one are absent). */
  latestVersions(month: string, institutionIds: string[]) {
    return this.prisma.roster.findMany({
      where: { month, institutionId: { in: institutionIds } },
      distinct: ['institutionId'],
      orderBy: [{ institutionId: 'asc' }, { version: 'desc' }],
      select: { id: true, institutionId: true, version: true, status: true },
    });
  }

  institutionsByName(ids: string[]) {
    return this.prisma.institution.findMany({
      where: { id: { in: ids } },
      select: { id: true, name: true, township: true },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
    });
  }

  /**
   * Upserts the children (one statement) and inserts the entries (one statement). Guardian details are
   * sealed as "<keyId>:<ciphertext>", since entries have no key id column of their own.
   */
  async storeEntries(tx: Tx, rosterId: string, entries: ValidEntry[]): Promise<{ newChildren: number }> {
    const { idByNumber, inserted } = await this.children.upsertMany(tx, entries);
    const childIds: string[] = [];
    const rowIndexes: number[] = [];
    const birthOrders: number[] = [];
    const guardianNames: string[] = [];
    const guardianPhones: (string | null)[] = [];
    const enrolledOn: string[] = [];
    const withdrawnOn: (string | null)[] = [];
    const attendance: number[] = [];
    for (const e of entries) {
      childIds.push(idByNumber.get(e.idNumber)!);
      rowIndexes.push(e.rowIndex);
      birthOrders.push(e.birthOrder);
      guardianNames.push(this.seal(e.guardianName));
      guardianPhones.push(e.guardianPhone === null ? null : this.seal(e.guardianPhone));
      enrolledOn.push(toDateString(e.enrolledOn));
      withdrawnOn.push(e.withdrawnOn ? toDateString(e.withdrawnOn) : null);
      attendance.push(e.attendanceDays);
    }
    // one statement for all entries (Prisma's createMany costs about a second for 5,000 rows here)
    await tx.$executeRaw`
      INSERT INTO roster_entries (id, "rosterId", "childId", "rowIndex", "birthOrder", "guardianNameCipher", "guardianPhoneCipher",
                                  "enrolledOn", "withdrawnOn", "attendanceDays")
      SELECT gen_random_uuid(), ${rosterId}::uuid, u.c, u.r, u.b, u.gn, u.gp, u.en, u.wd, u.a
        FROM unnest(${childIds}::uuid[], ${rowIndexes}::int[], ${birthOrders}::int[], ${guardianNames}::text[], ${guardianPhones}::text[],
                    ${enrolledOn}::date[], ${withdrawnOn}::date[], ${attendance}::int[]) AS u(c, r, b, gn, gp, en, wd, a)`;
    return { newChildren: inserted };
  }

  /** Copies a roster's entries to another roster (a correction starts from the locked version). */
  async copyEntries(tx: Tx, fromRosterId: string, toRosterId: string): Promise<number> {
    return tx.$executeRaw`
      INSERT INTO roster_entries (id, "rosterId", "childId", "rowIndex", "birthOrder", "guardianNameCipher", "guardianPhoneCipher",
                                  "enrolledOn", "withdrawnOn", "attendanceDays")
      SELECT gen_random_uuid(), ${toRosterId}::uuid, "childId", "rowIndex", "birthOrder", "guardianNameCipher", "guardianPhoneCipher",
             "enrolledOn", "withdrawnOn", "attendanceDays"
        FROM roster_entries WHERE "rosterId" = ${fromRosterId}::uuid`;
  }

  /** Children of this roster that another institution also lists for the same month (any version). */
  async alsoListedElsewhere(rosterId: string, institutionId: string, month: string): Promise<number> {
    const rows = await this.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(DISTINCT e."childId")::int AS n
        FROM roster_entries e JOIN rosters r ON r.id = e."rosterId"
       WHERE r.month = ${month} AND r."institutionId" <> ${institutionId}::uuid
         AND e."childId" IN (SELECT "childId" FROM roster_entries WHERE "rosterId" = ${rosterId}::uuid)`;
    return rows[0]?.n ?? 0;
  }

  /** The previous month's effective roster of the institution: its highest APPROVED or LOCKED version. */
  async previousEffective(institutionId: string, month: string): Promise<{ rosterId: string; childIds: string[] } | null> {
    const roster = await this.prisma.roster.findFirst({
      where: { institutionId, month: addMonths(month, -1), status: { in: EFFECTIVE_STATUSES } },
      orderBy: { version: 'desc' },
      select: { id: true, entries: { select: { childId: true } } },
    });
    return roster ? { rosterId: roster.id, childIds: roster.entries.map((e) => e.childId) } : null;
  }

  seal(plain: string): string {
    return `${this.cipher.activeKeyId}:${this.cipher.encrypt(plain)}`;
  }

  open(sealed: string): string {
    const at = sealed.indexOf(':');
    return this.cipher.decrypt(sealed.slice(at + 1), sealed.slice(0, at));
  }
}
