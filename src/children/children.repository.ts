import { Injectable } from '@nestjs/common';
import { maskIdNumber } from '../common/masking';
import { toDateString } from '../common/month';
import { PiiCipher } from '../infra/crypto/pii-cipher';
import type { Child } from '../generated/prisma/client';
import { PrismaService, Tx } from '../infra/database/prisma.service';
import { Clock } from '../infra/clock/clock';

export type { Child } from '../generated/prisma/client';

export interface ChildIdentity {
  idNumber: string;
  name: string;
  birthDate: Date;
  sex: 'M' | 'F';
}

/** See ChildrenRepository.registryFacts: by ID number, its key, and its confirmed birth order where there is one. */
export interface RegistryFacts {
  keyOf: Map<string, string>;
  confirmed: Map<string, number>;
}

/**
 * The children registry's storage: one row per person, found by the HMAC of the ID number; the ID and
 * the name are stored encrypted under the active key (its id beside them). Set-based statements only:
 * a 5,000-child roster costs one round trip, not 5,000.
 */
@Injectable()
export class ChildrenRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly cipher: PiiCipher,
    private readonly clock: Clock,
  ) {}

  hashOf(idNumber: string): string {
    return this.cipher.hmac(idNumber);
  }

  /**
   * Registers new children and returns the child id by ID number for all of them. A child already
   * registered keeps the name it was registered with: a roster (any institution's, still a DRAFT) never
   * changes it — only an admin's audited correction does (`ChildrenService.correctName`). Known children
   * still stored under an older key are re-encrypted (ID and stored name) under the active key, so
   * rotation happens as rosters come in.
   */
  async upsertMany(tx: Tx, children: ChildIdentity[]): Promise<{ idByNumber: Map<string, string>; inserted: number }> {
    if (!children.length) return { idByNumber: new Map(), inserted: 0 };
    const activeKeyId = this.cipher.activeKeyId;
    const hashOf = children.map((c) => this.cipher.hmac(c.idNumber));
    // only children under an older key need their stored name decrypted (to re-encrypt it under the active key)
    const stale = await tx.$queryRaw<{ idHash: string; nameCipher: string; keyId: string }[]>`
      SELECT "idHash", "nameCipher", "keyId" FROM children
       WHERE "idHash" = ANY(${hashOf}::bpchar[]) AND "keyId" <> ${activeKeyId}`;
    const storedName = new Map(stale.map((r) => [r.idHash, this.cipher.decrypt(r.nameCipher, r.keyId)]));

    const hashes: string[] = [];
    const idCiphers: string[] = [];
    const masked: string[] = [];
    const nameCiphers: string[] = [];
    const birthDates: string[] = [];
    const sexes: string[] = [];
    const numberByHash = new Map<string, string>();
    children.forEach((c, i) => {
      const hash = hashOf[i];
      numberByHash.set(hash, c.idNumber);
      hashes.push(hash);
      idCiphers.push(this.cipher.encrypt(c.idNumber));
      masked.push(maskIdNumber(c.idNumber));
      nameCiphers.push(this.cipher.encrypt(storedName.get(hash) ?? c.name));
      birthDates.push(toDateString(c.birthDate));
      sexes.push(c.sex);
    });
    // On conflict the stored name stays; EXCLUDED."nameCipher" (the stored name, re-encrypted above) is
    // taken only when the row is still under an older key. A row registered or rotated meanwhile by
    // another transaction is under the active key already, so it is kept as it is.
    const rows = await tx.$queryRaw<{ id: string; idHash: string; inserted: boolean }[]>`
      INSERT INTO children (id, "idHash", "idCipher", "idMasked", "nameCipher", "keyId", "birthDate", sex, "updatedAt")
      SELECT gen_random_uuid(), u.h, u.ic, u.im, u.nc, ${activeKeyId}, u.bd, u.s, now()
        FROM unnest(${hashes}::text[], ${idCiphers}::text[], ${masked}::text[], ${nameCiphers}::text[], ${birthDates}::date[], ${sexes}::text[])
             AS u(h, ic, im, nc, bd, s)
      ON CONFLICT ("idHash") DO UPDATE
         SET "idCipher" = EXCLUDED."idCipher",
             "nameCipher" = CASE WHEN children."keyId" = EXCLUDED."keyId" THEN children."nameCipher" ELSE EXCLUDED."nameCipher" END,
             "keyId" = EXCLUDED."keyId",
             "updatedAt" = now()
      RETURNING id, "idHash", (xmax = 0) AS inserted`;
    const idByNumber = new Map<string, string>();
    let inserted = 0;
    for (const row of rows) {
      idByNumber.set(numberByHash.get(row.idHash)!, row.id);
      if (row.inserted) inserted += 1;
    }
    return { idByNumber, inserted };
  }

  /**
   * What the registry knows of these ID numbers: each one's key (the HMAC the registry finds it by, computed once here
   * for everything the caller stores next) and the confirmed birth orders of those that have one.
   */
  async registryFacts(idNumbers: string[]): Promise<RegistryFacts> {
    const keyOf = new Map(idNumbers.map((n) => [n, this.cipher.hmac(n)]));
    if (!keyOf.size) return { keyOf, confirmed: new Map() };
    const numberByKey = new Map([...keyOf].map(([n, key]) => [key, n]));
    const rows = await this.prisma.$queryRaw<{ idHash: string; birthOrder: number }[]>`
      SELECT "idHash", "birthOrder" FROM children
       WHERE "idHash" = ANY(${[...numberByKey.keys()]}::text[]) AND "birthOrder" IS NOT NULL`;
    return { keyOf, confirmed: new Map(rows.map((r) => [numberByKey.get(r.idHash)!, r.birthOrder])) };
  }

  /**
   * Approving a roster makes its birth orders facts about the children that had none yet; one statement.
   * Returns the rows (by rowIndex) whose child's confirmed birth order differs from the entry — checked
   * after the update, inside the same transaction, so two rosters approved at once cannot both win.
   */
  async confirmBirthOrders(tx: Tx, rosterId: string): Promise<{ confirmed: number; conflicts: { rowIndex: number; confirmed: number }[] }> {
    const confirmed = await tx.$executeRaw`
      UPDATE children c SET "birthOrder" = e."birthOrder", "birthOrderConfirmedAt" = ${this.clock.now()}, "updatedAt" = now()
        FROM roster_entries e
       WHERE e."rosterId" = ${rosterId}::uuid AND c.id = e."childId" AND c."birthOrder" IS NULL`;
    const conflicts = await tx.$queryRaw<{ rowIndex: number; confirmed: number }[]>`
      SELECT e."rowIndex", c."birthOrder" AS confirmed
        FROM roster_entries e JOIN children c ON c.id = e."childId"
       WHERE e."rosterId" = ${rosterId}::uuid AND c."birthOrder" <> e."birthOrder"
       ORDER BY e."rowIndex"`;
    return { confirmed, conflicts };
  }

  // ───── the children service's reads and corrections ─────

  findById(id: string): Promise<Child | null> {
    return this.prisma.child.findUnique({ where: { id } });
  }

  /**
   * The roster entries listing a child, each with its roster (reads the rosters module's tables): with `scope`, only
   * that institution's entries linked to the child; else every entry linked to it or reporting its ID number.
   */
  rosterEntriesOf(child: { id: string; idHash: string }, scope: string | undefined) {
    const id = child.id;
    return this.prisma.rosterEntry.findMany({
      where: scope ? { childId: id, roster: { institutionId: scope } } : { OR: [{ childId: id }, { idHash: child.idHash }] },
      select: {
        nameCipher: true,
        roster: { select: { id: true, institutionId: true, month: true, version: true, status: true } },
      },
    });
  }

  birthOrderOf(tx: Tx, id: string) {
    return tx.child.findUnique({ where: { id }, select: { birthOrder: true, birthOrderConfirmedAt: true } });
  }

  /** An admin's correction: the birth order, confirmed now. */
  correctBirthOrder(tx: Tx, id: string, birthOrder: number, confirmedAt: Date) {
    return tx.child.update({
      where: { id },
      data: { birthOrder, birthOrderConfirmedAt: confirmedAt },
      select: { birthOrder: true, birthOrderConfirmedAt: true },
    });
  }

  /** The child's sealed ID and name with their key id, the row locked until commit (null: no such child). */
  async lockSealed(tx: Tx, id: string): Promise<{ idCipher: string; nameCipher: string; keyId: string } | null> {
    const rows = await tx.$queryRaw<{ idCipher: string; nameCipher: string; keyId: string }[]>`
        SELECT "idCipher", "nameCipher", "keyId" FROM children WHERE id = ${id}::uuid FOR UPDATE`;
    return rows[0] ?? null;
  }

  /** Stores the ID and the name sealed anew under `keyId`. */
  async reseal(tx: Tx, id: string, sealed: { idCipher: string; nameCipher: string; keyId: string }): Promise<void> {
    await tx.child.update({ where: { id }, data: sealed });
  }

  findIdByHash(idHash: string) {
    return this.prisma.child.findUnique({ where: { idHash }, select: { id: true } });
  }

  sealedIdNumber(id: string) {
    return this.prisma.child.findUnique({ where: { id }, select: { idCipher: true, keyId: true } });
  }
}
