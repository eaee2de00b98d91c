import { Injectable } from '@nestjs/common';
import { ChildrenRepository } from '../children/children.repository';
import { maskIdNumber } from '../common/masking';
import { addMonths, toDateString } from '../common/month';
import type { Prisma, Roster } from '../generated/prisma/client';
import type { RosterStatus } from '../generated/prisma/enums';
import { PiiCipher } from '../infra/crypto/pii-cipher';
import { PrismaService, Tx } from '../infra/database/prisma.service';
import { SettledMonthsRepository } from '../settlement/settled-months.repository';
import { EFFECTIVE_STATUSES } from './roster-status';
import type { ValidEntry } from './roster-validation';
import type { EntryRow } from './roster.view';

export { EFFECTIVE_STATUSES };

/** Statuses of a roster still being worked on (at most one per institution and month). */
export const OPEN_STATUSES: RosterStatus[] = ['DRAFT', 'SUBMITTED', 'RETURNED'];

/** Every database access of the rosters module. */
@Injectable()
export class RostersRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly children: ChildrenRepository,
    private readonly cipher: PiiCipher,
    private readonly settledMonths: SettledMonthsRepository,
  ) {}

  institution(id: string) {
    return this.prisma.institution.findUnique({ where: { id }, select: { id: true, status: true, approvedSlots: true } });
  }

  /** A month whose settlement is approved (or paid) is closed: corrections go through reopen. */
  monthLocked(month: string): Promise<boolean> {
    return this.settledMonths.isSettled(month);
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

  /**
   * The roster and its entries as reported (one query; Prisma's include costs ~10x for 5,000 rows), each with the
   * registry's confirmed birth order of that ID number (for reviewers; operators are never shown it). Entries written
   * before entries kept the reported child fall back to the registered child's values.
   */
  async findWithEntries(id: string): Promise<(Roster & { entries: EntryRow[] }) | null> {
    const roster = await this.prisma.roster.findUnique({ where: { id } });
    if (!roster) return null;
    const entries = await this.prisma.$queryRaw<EntryRow[]>`
      SELECT e."rowIndex", e."childId", e."birthOrder", e."guardianNameCipher", e."guardianPhoneCipher", e."enrolledOn", e."withdrawnOn",
             e."attendanceDays",
             COALESCE(e."idMasked", c."idMasked") AS "idMasked",
             COALESCE(e."nameCipher", c."keyId" || ':' || c."nameCipher") AS "nameSealed",
             COALESCE(e."birthDate", c."birthDate") AS "birthDate",
             TRIM(COALESCE(e."idHash", c."idHash")) AS "childKey",
             COALESCE(c."birthOrder", k."birthOrder") AS "confirmedBirthOrder"
        FROM roster_entries e
        LEFT JOIN children c ON c.id = e."childId"
        LEFT JOIN children k ON e."childId" IS NULL AND k."idHash" = e."idHash"
       WHERE e."rosterId" = ${id}::uuid
       ORDER BY e."rowIndex"`;
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
   * Inserts the entries as reported (one statement; Prisma's createMany costs about a second for 5,000 rows here).
   * Nothing is written to the children registry: that happens when the roster is approved (registerChildren).
   * The ID number, the name and the guardian's details are sealed as "<keyId>:<ciphertext>".
   */
  async storeEntries(tx: Tx, rosterId: string, entries: ValidEntry[]): Promise<void> {
    const cols = {
      idHash: [] as string[],
      idCipher: [] as string[],
      idMasked: [] as string[],
      nameCipher: [] as string[],
      birthDate: [] as string[],
      sex: [] as string[],
      rowIndex: [] as number[],
      birthOrder: [] as number[],
      guardianName: [] as string[],
      guardianPhone: [] as (string | null)[],
      enrolledOn: [] as string[],
      withdrawnOn: [] as (string | null)[],
      attendance: [] as number[],
    };
    for (const e of entries) {
      cols.idHash.push(this.children.hashOf(e.idNumber));
      cols.idCipher.push(this.seal(e.idNumber));
      cols.idMasked.push(maskIdNumber(e.idNumber));
      cols.nameCipher.push(this.seal(e.name));
      cols.birthDate.push(toDateString(e.birthDate));
      cols.sex.push(e.sex);
      cols.rowIndex.push(e.rowIndex);
      cols.birthOrder.push(e.birthOrder);
      cols.guardianName.push(this.seal(e.guardianName));
      cols.guardianPhone.push(e.guardianPhone === null ? null : this.seal(e.guardianPhone));
      cols.enrolledOn.push(toDateString(e.enrolledOn));
      cols.withdrawnOn.push(e.withdrawnOn ? toDateString(e.withdrawnOn) : null);
      cols.attendance.push(e.attendanceDays);
    }
    await tx.$executeRaw`
      INSERT INTO roster_entries (id, "rosterId", "childId", "idHash", "idCipher", "idMasked", "nameCipher", "birthDate", sex,
                                  "rowIndex", "birthOrder", "guardianNameCipher", "guardianPhoneCipher", "enrolledOn", "withdrawnOn",
                                  "attendanceDays")
      SELECT gen_random_uuid(), ${rosterId}::uuid, NULL, u.h, u.ic, u.im, u.nc, u.bd, u.s, u.r, u.b, u.gn, u.gp, u.en, u.wd, u.a
        FROM unnest(${cols.idHash}::text[], ${cols.idCipher}::text[], ${cols.idMasked}::text[], ${cols.nameCipher}::text[],
                    ${cols.birthDate}::date[], ${cols.sex}::text[], ${cols.rowIndex}::int[], ${cols.birthOrder}::int[],
                    ${cols.guardianName}::text[], ${cols.guardianPhone}::text[], ${cols.enrolledOn}::date[], ${cols.withdrawnOn}::date[],
                    ${cols.attendance}::int[]) AS u(h, ic, im, nc, bd, s, r, b, gn, gp, en, wd, a)`;
  }

  /**
   * At approval: registers the roster's children that are not registered yet (a known child keeps its registered name)
   * and links every entry to its child. Returns how many children were new to the registry.
   */
  async registerChildren(tx: Tx, rosterId: string): Promise<{ registered: number }> {
    const rows = await tx.$queryRaw<{ idCipher: string; nameCipher: string; birthDate: Date; sex: string }[]>`
      SELECT "idCipher", "nameCipher", "birthDate", sex FROM roster_entries
       WHERE "rosterId" = ${rosterId}::uuid AND "childId" IS NULL AND "idHash" IS NOT NULL`;
    if (!rows.length) return { registered: 0 };
    const { inserted } = await this.children.upsertMany(
      tx,
      rows.map((r) => ({
        idNumber: this.open(r.idCipher),
        name: this.open(r.nameCipher),
        birthDate: r.birthDate,
        sex: r.sex.trim() as 'M' | 'F',
      })),
    );
    await tx.$executeRaw`
      UPDATE roster_entries e SET "childId" = c.id
        FROM children c
       WHERE e."rosterId" = ${rosterId}::uuid AND e."childId" IS NULL AND c."idHash" = e."idHash"`;
    return { registered: inserted };
  }

  /**
   * Copies a roster's entries to another roster (a correction starts from the locked version), with their children:
   * an approved version's children are registered already. Entries edited into the correction are not, until it is
   * approved.
   */
  async copyEntries(tx: Tx, fromRosterId: string, toRosterId: string): Promise<number> {
    return tx.$executeRaw`
      INSERT INTO roster_entries (id, "rosterId", "childId", "idHash", "idCipher", "idMasked", "nameCipher", "birthDate", sex,
                                  "rowIndex", "birthOrder", "guardianNameCipher", "guardianPhoneCipher", "enrolledOn", "withdrawnOn",
                                  "attendanceDays")
      SELECT gen_random_uuid(), ${toRosterId}::uuid, e."childId", COALESCE(e."idHash", c."idHash"),
             COALESCE(e."idCipher", c."keyId" || ':' || c."idCipher"), COALESCE(e."idMasked", c."idMasked"),
             COALESCE(e."nameCipher", c."keyId" || ':' || c."nameCipher"), COALESCE(e."birthDate", c."birthDate"), COALESCE(e.sex, c.sex),
             e."rowIndex", e."birthOrder", e."guardianNameCipher", e."guardianPhoneCipher", e."enrolledOn", e."withdrawnOn", e."attendanceDays"
        FROM roster_entries e LEFT JOIN children c ON c.id = e."childId"
       WHERE e."rosterId" = ${fromRosterId}::uuid`;
  }

  /**
   * Children of this roster (by ID number, as reported) that another institution also lists for the same month (any
   * version). For reviewers only: it tells whoever types an ID number where else that child is listed.
   */
  async alsoListedElsewhere(rosterId: string, institutionId: string, month: string): Promise<number> {
    const rows = await this.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(DISTINCT COALESCE(e."idHash", c."idHash"))::int AS n
        FROM roster_entries e JOIN rosters r ON r.id = e."rosterId" LEFT JOIN children c ON c.id = e."childId"
       WHERE r.month = ${month} AND r."institutionId" <> ${institutionId}::uuid
         AND COALESCE(e."idHash", c."idHash") IN (
               SELECT COALESCE(m."idHash", mc."idHash") FROM roster_entries m LEFT JOIN children mc ON mc.id = m."childId"
                WHERE m."rosterId" = ${rosterId}::uuid)`;
    return rows[0]?.n ?? 0;
  }

  /** The previous month's effective roster of the institution (its highest APPROVED or LOCKED version), by ID number hash. */
  async previousEffective(institutionId: string, month: string): Promise<{ rosterId: string; childKeys: string[] } | null> {
    const roster = await this.prisma.roster.findFirst({
      where: { institutionId, month: addMonths(month, -1), status: { in: EFFECTIVE_STATUSES } },
      orderBy: { version: 'desc' },
      select: { id: true },
    });
    if (!roster) return null;
    const rows = await this.prisma.$queryRaw<{ key: string }[]>`
      SELECT TRIM(COALESCE(e."idHash", c."idHash")) AS key
        FROM roster_entries e LEFT JOIN children c ON c.id = e."childId"
       WHERE e."rosterId" = ${roster.id}::uuid`;
    return { rosterId: roster.id, childKeys: rows.map((r) => r.key) };
  }

  /**
   * The settlement that paid from these rosters was approved: those of them still APPROVED become LOCKED (a
   * correction then goes through reopening). Returns the rosters it locked.
   */
  lockConsumedRosters(tx: Tx, rosterIds: string[], at: Date) {
    return tx.$queryRaw<{ id: string; institutionId: string; month: string; version: number }[]>`
      UPDATE rosters SET status = 'LOCKED', "lockedAt" = ${at}, "updatedAt" = now()
       WHERE status = 'APPROVED' AND id = ANY(${rosterIds}::uuid[])
      RETURNING id, "institutionId", month, version`;
  }

  seal(plain: string): string {
    return `${this.cipher.activeKeyId}:${this.cipher.encrypt(plain)}`;
  }

  open(sealed: string): string {
    const at = sealed.indexOf(':');
    return this.cipher.decrypt(sealed.slice(at + 1), sealed.slice(0, at));
  }
}
