import { Injectable } from '@nestjs/common';
import { PrismaService, Tx } from './prisma.service';

export type { Tx };

export interface TransactionOptions {
  /** how long to wait for a connection from the pool, in ms */
  maxWait?: number;
  /** how long the transaction may run before it is rolled back, in ms */
  timeout?: number;
}

/** For the writes of one request that must take effect together (a change and its audit entry, say). */
export const SHORT_TRANSACTION: TransactionOptions = { maxWait: 10_000, timeout: 60_000 };

/**
 * The one way services open a transaction. A service runs its unit of work here and hands `tx` to the repositories
 * (and to the audit log) it calls; only repositories use `tx` to reach a table.
 */
@Injectable()
export class Transactions {
  constructor(private readonly prisma: PrismaService) {}

  run<T>(work: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.prisma.$transaction(work, options);
  }
}
