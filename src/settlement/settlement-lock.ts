import type { Tx } from '../infra/database/prisma.service';

/**
 * One advisory lock per settlement month, held until the transaction ends. Chunks of a run take it
 * shared (they run in parallel); whatever changes the run or freezes the month — a new run, planning,
 * approval — takes it exclusive and so waits for chunks in flight, and they wait for it.
 */
export async function lockMonth(tx: Tx, month: string, mode: 'shared' | 'exclusive'): Promise<void> {
  const key = `settlement:${month}`;
  if (mode === 'shared') await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(hashtextextended(${key}, 0))`;
  else await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
}
