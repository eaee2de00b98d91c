import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ChildrenRepository, type RegistryFacts } from '../children/children.repository';
import { maskIdNumber } from '../common/masking';
import { addMonths, toDateString } from '../common/month';
import { Prisma, type Roster } from '../generated/prisma/client';
import type { RosterStatus } from '../generated/prisma/enums';
import { PiiCipher } from '../infra/crypto/pii-cipher';
import { PrismaService } from '../infra/database/prisma.service';
import type { Tx } from '../infra/database/transactions';
import { SettledMonthsRepository } from '../settlement/settled-months.repository';
import { EFFECTIVE_STATUSES } from './roster-status';
import type { ValidEntry } from './roster-validation';
import type { EntryRow } from './roster.view';

export { EFFECTIVE_STATUSES };
export type { Roster };

/** Statuses of a roster still being worked on (at most one per institution and month). */
export const OPEN_STATUSES: RosterStatus[] = ['DRAFT', 'SUBMITTED', 'RETURNED'];

/** A change of a roster's workflow status (the columns a transition sets besides status and updatedAt). */
export interface StatusChange {
  status: RosterStatus;
  submittedAt?: Date;
  reviewedAt?: Date;
  reviewedById?: string;
  returnReason?: string;
}

/**
 * Entries as written, for the answer to the write: each as findWithEntries would read it back, and each sealed value
 * with its plain text, so the answer neither reads nor decrypts what the request has just written.
 */
export interface WrittenEntries {
  entries: EntryRow[];
  plainOf: Map<string, string>;
}

/** A roster as created, with its entries as written. */
export interface CreatedRoster extends WrittenEntries {
  roster: Roster;
}

/** Entries per INSERT statement (see RostersRepository.insertSealed). */
const ENTRY_CHUNK = 1000;

/** The roster_entries columns of a chunk of entries, one array each, as unnest() takes them. */
interface EntryColumns {
  idHash: string[];
  idCipher: string[];
  idMasked: string[];
  nameCipher: string[];
  birthDate: string[];
  sex: string[];
  rowIndex: number[];
  birthOrder: number[];
  guardianName: string[];
  guardianPhone: (string | null)[];
  enrolledOn: string[];
  withdrawnOn: (string | null)[];
  attendance: number[];
}

async function settled(statement: Promise<{ failed?: unknown }>): Promise<void> {
  const { failed } = await statement;
  if (failed !== undefined) throw failed;
}

/** Thrown when the unique (institution, month, version) index refuses a second roster (a concurrent creator won). */
export class DuplicateRosterError extends Error {
  constructor() {
    super('a roster for this institution, month and version exists');
  }
}

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

  /**
   * What creating a month's roster checks first, in one round trip: the institution (null: there is none) and whether
   * it has a roster for the month already.
   */
  async creationChecks(
    institutionId: string,
    month: string,
  ): Promise<{ institution: { status: string; approvedSlots: number } | null; rosterExists: boolean }> {
    const [row] = await this.prisma.$queryRaw<{ status: string | null; approvedSlots: number | null; rosterExists: boolean }[]>`
      SELECT i.status::text AS status, i."approvedSlots",
             EXISTS (SELECT 1 FROM rosters r WHERE r."institutionId" = ${institutionId}::uuid AND r.month = ${month}) AS "rosterExists"
        FROM (SELECT 1) AS one LEFT JOIN institutions i ON i.id = ${institutionId}::uuid`;
    return {
      institution: row.status === null ? null : { status: row.status, approvedSlots: row.approvedSlots ?? 0 },
      rosterExists: row.rosterExists,
    };
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

  async findById(id: string): Promise<Roster | null> {
    const rows = await this.prisma.$queryRaw<Roster[]>`SELECT * FROM rosters WHERE id = ${id}::uuid`;
    return rows[0] ?? null;
  }

  /**
   * The roster and its entries as reported (one query; Prisma's include costs ~10x for 5,000 rows), each with the
   * registry's confirmed birth order of that ID number (for reviewers; operators are never shown it). Entries written
   * before entries kept the reported child fall back to the registered child's values.
   */
  async findWithEntries(id: string): Promise<(Roster & { entries: EntryRow[] }) | null> {
    // both at once: the entries of a roster that does not exist are none
    const [roster, entries] = await Promise.all([this.findById(id), this.entriesOf(id)]);
    return roster ? { ...roster, entries } : null;
  }

  /** The entries of findWithEntries, for a roster the caller has read already. */
  entriesOf(rosterId: string): Promise<EntryRow[]> {
    return this.prisma.$queryRaw<EntryRow[]>`
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
       WHERE e."rosterId" = ${rosterId}::uuid
       ORDER BY e."rowIndex"`;
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
   * A new roster version in DRAFT with its entries: the roster row and the first chunk of entries in one statement
   * (INSERT … WITH, one round trip; a roster of up to ENTRY_CHUNK children is that one statement), the other chunks
   * after it (see insertSealed). DuplicateRosterError when that version of the month exists already.
   */
  async createWithEntries(
    tx: Tx,
    roster: { institutionId: string; month: string; version: number; createdById: string | null },
    entries: ValidEntry[],
    facts: RegistryFacts,
  ): Promise<CreatedRoster> {
    let created: Roster | undefined;
    const written = await this.insertSealed(entries, facts, async (columns) => {
      if (created) {
        await tx.$executeRaw`${this.insertEntriesSql(Prisma.sql`${created.id}::uuid`, columns)}`;
        return;
      }
      [created] = await duplicateAsError(
        tx.$queryRaw<Roster[]>`
          WITH roster AS (
            INSERT INTO rosters (id, "institutionId", month, version, status, "createdById", "updatedAt")
            VALUES (gen_random_uuid(), ${roster.institutionId}::uuid, ${roster.month}, ${roster.version}, 'DRAFT', ${roster.createdById}::uuid, now())
            RETURNING *
          ), entries AS (
            ${this.insertEntriesSql(Prisma.sql`(SELECT id FROM roster)`, columns)}
          )
          SELECT * FROM roster`,
      );
    });
    return { roster: created!, ...written };
  }

  /** A correction: version + 1 in DRAFT with a copy of the entries of `fromRosterId` (see copyEntries). */
  async createCorrection(
    tx: Tx,
    from: { id: string; institutionId: string; month: string; version: number },
    createdById: string | null,
  ): Promise<{ id: string; entryCount: number }> {
    const id = randomUUID();
    await duplicateAsError(
      tx.$executeRaw`
        INSERT INTO rosters (id, "institutionId", month, version, status, "createdById", "updatedAt")
        VALUES (${id}::uuid, ${from.institutionId}::uuid, ${from.month}, ${from.version + 1}, 'DRAFT', ${createdById}::uuid, now())`,
    );
    return { id, entryCount: await this.copyEntries(tx, from.id, id) };
  }

  /** Deletes every entry of the roster; returns how many there were. */
  deleteEntries(tx: Tx, rosterId: string): Promise<number> {
    return tx.$executeRaw`DELETE FROM roster_entries WHERE "rosterId" = ${rosterId}::uuid`;
  }

  /**
   * Locks the roster row until commit and returns its status and institution (null when there is no such roster): the
   * compare-and-set of a workflow transition reads the status here, checks it, then calls moveStatus.
   */
  async lockStatus(tx: Tx, rosterId: string): Promise<{ status: RosterStatus; institutionId: string } | null> {
    const rows = await tx.$queryRaw<{ status: RosterStatus; institutionId: string }[]>`
      SELECT status, "institutionId" FROM rosters WHERE id = ${rosterId}::uuid FOR UPDATE`;
    return rows[0] ?? null;
  }

  /** Sets the status (and the columns of that transition) of a roster locked by lockStatus; returns the row as changed. */
  async moveStatus(tx: Tx, rosterId: string, change: StatusChange, at: Date): Promise<Roster> {
    const set = [Prisma.sql`status = ${change.status}::"RosterStatus"`, Prisma.sql`"updatedAt" = ${at}`];
    if (change.submittedAt !== undefined) set.push(Prisma.sql`"submittedAt" = ${change.submittedAt}`);
    if (change.reviewedAt !== undefined) set.push(Prisma.sql`"reviewedAt" = ${change.reviewedAt}`);
    if (change.reviewedById !== undefined) set.push(Prisma.sql`"reviewedById" = ${change.reviewedById}::uuid`);
    if (change.returnReason !== undefined) set.push(Prisma.sql`"returnReason" = ${change.returnReason}`);
    const [row] = await tx.$queryRaw<Roster[]>`UPDATE rosters SET ${Prisma.join(set)} WHERE id = ${rosterId}::uuid RETURNING *`;
    return row;
  }

  /**
   * Inserts the entries as reported (ENTRY_CHUNK per statement, see insertSealed; Prisma's createMany costs about a
   * second for 5,000 rows here).
   * Nothing is written to the children registry: that happens when the roster is approved (registerChildren).
   * The ID number, the name and the guardian's details are sealed as "<keyId>:<ciphertext>". Returns the entries as
   * written (WrittenEntries), for the answer.
   */
  async storeEntries(tx: Tx, rosterId: string, entries: ValidEntry[], facts: RegistryFacts): Promise<WrittenEntries> {
    return this.insertSealed(entries, facts, (columns) => tx.$executeRaw`${this.insertEntriesSql(Prisma.sql`${rosterId}::uuid`, columns)}`);
  }

  /**
   * Seals the entries and inserts them, ENTRY_CHUNK at a time, in the caller's transaction: while PostgreSQL stores one
   * chunk, this process seals the next (sealing 5,000 children is 20,000 encryptions; the two overlap instead of
   * taking turns). Statements run one after the other on the transaction's connection; the first failure is thrown
   * once the statement in flight has answered, and the transaction rolls back with nothing stored. Returns the entries
   * as written, in row order.
   */
  private async insertSealed(
    entries: ValidEntry[],
    facts: RegistryFacts,
    insert: (columns: EntryColumns) => Promise<unknown>,
  ): Promise<WrittenEntries> {
    const written: WrittenEntries = { entries: [], plainOf: new Map() };
    let inFlight: Promise<{ failed?: unknown }> | null = null;
    for (let at = 0; at === 0 || at < entries.length; at += ENTRY_CHUNK) {
      const columns = this.sealEntries(entries.slice(at, at + ENTRY_CHUNK), facts, written);
      if (inFlight) await settled(inFlight);
      // settled, not thrown, until awaited: a failure while the next chunk is sealed is not an unhandled rejection
      inFlight = insert(columns).then(
        () => ({}),
        (failed: unknown) => ({ failed }),
      );
      // let the statement leave for the database before the next chunk is sealed
      await new Promise((resolve) => setImmediate(resolve));
    }
    await settled(inFlight!);
    // in the order findWithEntries reads them
    written.entries.sort((a, b) => a.rowIndex - b.rowIndex);
    return written;
  }

  /** The entries' columns as inserted (personal data sealed); each entry as written, and each sealed value's plain text, added to `written`. */
  private sealEntries(entries: ValidEntry[], facts: RegistryFacts, written: WrittenEntries): EntryColumns {
    const { plainOf } = written;
    const seal = (plain: string) => {
      const sealed = this.seal(plain);
      plainOf.set(sealed, plain);
      return sealed;
    };
    const cols: EntryColumns = {
      idHash: [],
      idCipher: [],
      idMasked: [],
      nameCipher: [],
      birthDate: [],
      sex: [],
      rowIndex: [],
      birthOrder: [],
      guardianName: [],
      guardianPhone: [],
      enrolledOn: [],
      withdrawnOn: [],
      attendance: [],
    };
    const rows = written.entries;
    for (const e of entries) {
      const row: EntryRow = {
        rowIndex: e.rowIndex,
        childId: null,
        birthOrder: e.birthOrder,
        guardianNameCipher: seal(e.guardianName),
        guardianPhoneCipher: e.guardianPhone === null ? null : seal(e.guardianPhone),
        enrolledOn: e.enrolledOn,
        withdrawnOn: e.withdrawnOn,
        attendanceDays: e.attendanceDays,
        idMasked: maskIdNumber(e.idNumber),
        nameSealed: seal(e.name),
        birthDate: e.birthDate,
        childKey: facts.keyOf.get(e.idNumber) ?? this.children.hashOf(e.idNumber),
        confirmedBirthOrder: facts.confirmed.get(e.idNumber) ?? null,
      };
      rows.push(row);
      cols.idHash.push(row.childKey);
      cols.idCipher.push(this.seal(e.idNumber));
      cols.idMasked.push(row.idMasked);
      cols.nameCipher.push(row.nameSealed);
      cols.birthDate.push(toDateString(e.birthDate));
      cols.sex.push(e.sex);
      cols.rowIndex.push(e.rowIndex);
      cols.birthOrder.push(e.birthOrder);
      cols.guardianName.push(row.guardianNameCipher);
      cols.guardianPhone.push(row.guardianPhoneCipher);
      cols.enrolledOn.push(toDateString(e.enrolledOn));
      cols.withdrawnOn.push(e.withdrawnOn ? toDateString(e.withdrawnOn) : null);
      cols.attendance.push(e.attendanceDays);
    }
    return cols;
  }

  private insertEntriesSql(rosterId: Prisma.Sql, cols: EntryColumns): Prisma.Sql {
    return Prisma.sql`
      INSERT INTO roster_entries (id, "rosterId", "childId", "idHash", "idCipher", "idMasked", "nameCipher", "birthDate", sex,
                                  "rowIndex", "birthOrder", "guardianNameCipher", "guardianPhoneCipher", "enrolledOn", "withdrawnOn",
                                  "attendanceDays")
      SELECT gen_random_uuid(), ${rosterId}, NULL, u.h, u.ic, u.im, u.nc, u.bd, u.s, u.r, u.b, u.gn, u.gp, u.en, u.wd, u.a
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
        sex: r.sex as 'M' | 'F',
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
    // one round trip: the version, then its entries (a version without entries answers one row with a null key)
    const rows = await this.prisma.$queryRaw<{ rosterId: string; key: string | null }[]>`
      WITH previous AS (
        SELECT id FROM rosters
         WHERE "institutionId" = ${institutionId}::uuid AND month = ${addMonths(month, -1)}
           AND status::text = ANY(${EFFECTIVE_STATUSES}::text[])
         ORDER BY version DESC LIMIT 1)
      SELECT p.id AS "rosterId", TRIM(COALESCE(e."idHash", c."idHash")) AS key
        FROM previous p LEFT JOIN roster_entries e ON e."rosterId" = p.id LEFT JOIN children c ON c.id = e."childId"`;
    if (!rows.length) return null;
    return { rosterId: rows[0].rosterId, childKeys: rows.filter((r) => r.key !== null).map((r) => r.key!) };
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

/** Postgres' unique_violation, however the client reports it (a model call: P2002; a raw statement: the SQLSTATE). */
async function duplicateAsError<T>(query: Promise<T>): Promise<T> {
  try {
    return await query;
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateRosterError();
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (error.code === 'P2002') return true;
  const meta = error.meta as { code?: string; driverAdapterError?: { cause?: { originalCode?: string; kind?: string } } } | undefined;
  return (
    meta?.code === '23505' ||
    meta?.driverAdapterError?.cause?.originalCode === '23505' ||
    meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation'
  );
}
