import { Injectable } from '@nestjs/common';
import type { Document } from '../generated/prisma/client';
import type { DocumentKind, InstitutionStatus } from '../generated/prisma/enums';
import { PrismaService } from '../infra/database/prisma.service';
import type { Tx } from '../infra/database/transactions';

export type { Document } from '../generated/prisma/client';

/** Every database access of the filing documents' records (their content: DocumentBlobsRepository). */
@Injectable()
export class DocumentsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The institution's filing status (reads the registry's table); `lock`: its row held until commit. Empty: no such institution. */
  institutionStatus(id: string, lock: boolean, db: Tx = this.prisma): Promise<{ status: InstitutionStatus }[]> {
    return lock
      ? db.$queryRaw<{ status: InstitutionStatus }[]>`SELECT status FROM institutions WHERE id = ${id}::uuid FOR UPDATE`
      : db.$queryRaw<{ status: InstitutionStatus }[]>`SELECT status FROM institutions WHERE id = ${id}::uuid`;
  }

  create(
    tx: Tx,
    document: {
      institutionId: string;
      kind: DocumentKind;
      fileName: string;
      contentType: string;
      sizeBytes: number;
      sha256: string;
      storageKey: string;
      expiresOn: Date | null;
      uploadedById: string;
      uploadedAt: Date;
    },
  ): Promise<Document> {
    return tx.document.create({ data: document });
  }

  /** The institution's current documents of `kind` other than `exceptId`. */
  currentOfKind(tx: Tx, institutionId: string, kind: DocumentKind, exceptId: string): Promise<Document[]> {
    return tx.document.findMany({
      where: { institutionId, kind, replacedAt: null, removedAt: null, id: { not: exceptId } },
    });
  }

  async markReplaced(tx: Tx, ids: string[], replacedAt: Date, replacedById: string): Promise<void> {
    await tx.document.updateMany({
      where: { id: { in: ids } },
      data: { replacedAt, replacedById },
    });
  }

  /** The institution's documents by kind, newest first; `history`: removed and replaced ones too. */
  list(institutionId: string, history: boolean | undefined): Promise<Document[]> {
    return this.prisma.document.findMany({
      where: { institutionId, ...(history ? {} : { replacedAt: null, removedAt: null }) },
      orderBy: [{ kind: 'asc' }, { uploadedAt: 'desc' }],
    });
  }

  findById(id: string): Promise<Document | null> {
    return this.prisma.document.findUnique({ where: { id } });
  }

  /** Takes a current document out of the current set; false when it was not current (already removed or replaced). */
  async markRemoved(tx: Tx, id: string, removedAt: Date, removedById: string): Promise<boolean> {
    const { count } = await tx.document.updateMany({
      where: { id, removedAt: null, replacedAt: null },
      data: { removedAt, removedById },
    });
    return count !== 0;
  }

  /**
   * One page of current documents expiring by `until` (already expired included) of institutions not closed (joins
   * institutions, with their names), soonest first; and how many match.
   */
  expiring(until: Date, page: { skip: number; take: number }) {
    const where = {
      replacedAt: null,
      removedAt: null,
      expiresOn: { not: null, lte: until },
      institution: { status: { not: 'CLOSED' as const } },
    };
    const { skip, take } = page;
    return Promise.all([
      this.prisma.document.findMany({
        where,
        include: { institution: { select: { name: true } } },
        orderBy: [{ expiresOn: 'asc' }, { id: 'asc' }],
        skip,
        take,
      }),
      this.prisma.document.count({ where }),
    ]);
  }

  /** The kinds the institution has a current document of. */
  async currentKinds(tx: Tx, institutionId: string): Promise<DocumentKind[]> {
    const present = await tx.document.findMany({
      where: { institutionId, replacedAt: null, removedAt: null },
      select: { kind: true },
      distinct: ['kind'],
    });
    return present.map((p) => p.kind);
  }

  async clearReturnReasons(tx: Tx, institutionId: string): Promise<void> {
    await tx.document.updateMany({
      where: { institutionId, replacedAt: null, removedAt: null, returnReason: { not: null } },
      data: { returnReason: null },
    });
  }

  /** Which of `ids` are current documents of the institution. */
  async currentIds(tx: Tx, institutionId: string, ids: string[]): Promise<Set<string>> {
    return new Set(
      (
        await tx.document.findMany({ where: { id: { in: ids }, institutionId, replacedAt: null, removedAt: null }, select: { id: true } })
      ).map((d) => d.id),
    );
  }

  async setReturnReason(tx: Tx, id: string, returnReason: string): Promise<void> {
    await tx.document.update({ where: { id }, data: { returnReason } });
  }
}
