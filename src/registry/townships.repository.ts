import { Injectable } from '@nestjs/common';
import type { Township } from '../generated/prisma/client';
import { PrismaService, type Tx } from '../infra/database/prisma.service';

export type { Township };

/** Townships and streets (乡镇/街道) with their population. */
@Injectable()
export class TownshipsRepository {
  constructor(private readonly prisma: PrismaService) {}

  find(tx: Tx, code: string): Promise<Township | null> {
    return tx.township.findUnique({ where: { code } });
  }

  /** Creates or replaces the township `code`. */
  put(tx: Tx, code: string, data: { name: string; population: number }): Promise<Township> {
    return tx.township.upsert({ where: { code }, create: { code, ...data }, update: data });
  }

  /** A page of townships by code, and how many there are. */
  page(page: { skip: number; take: number }) {
    return Promise.all([this.prisma.township.findMany({ orderBy: { code: 'asc' }, ...page }), this.prisma.township.count()]);
  }

  /** Code and name of every township, by code. */
  directory() {
    return this.prisma.township.findMany({ orderBy: { code: 'asc' }, select: { code: true, name: true } });
  }
}
