import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PrismaService } from '../database/prisma.service';
import type { Tx } from '../database/transactions';

/** Keys are kept this long (docs/api.md), then a new request may use the key again and the row is pruned. */
export const RETENTION_HOURS = 24;
const PRUNE_BATCH = 5000;

export interface KeyAttempt {
  userId: string;
  key: string;
  token: string;
}

export interface StoredKey {
  requestHash: string;
  responseStatus: number | null;
  responseBody: unknown;
  committedAt: Date | null;
  fresh: boolean;
}

/** Every database access of the idempotency_keys table (IdempotencyKeys holds the rules). */
@Injectable()
export class IdempotencyKeysRepository {
  private readonly timeoutSeconds: number;

  constructor(
    private readonly prisma: PrismaService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.timeoutSeconds = config.idempotencyInProgressTimeoutSeconds;
  }

  /**
   * Claims the key for the attempt `token`: a new key, an expired one, or one whose attempt with the same request
   * never finished in time (then `reclaimed`). Nothing when another attempt holds it or its change committed.
   */
  claim(request: { userId: string; key: string; method: string; path: string; requestHash: string }, token: string) {
    const { userId, key, method, path, requestHash } = request;
    return this.prisma.$queryRaw<{ token: string; reclaimed: boolean }[]>`
        INSERT INTO idempotency_keys ("userId", "key", "method", "path", "requestHash", "token")
        VALUES (${userId}::uuid, ${key}, ${method}, ${path}, ${requestHash}, ${token}::uuid)
        ON CONFLICT ("userId", "key") DO UPDATE SET
          "method" = EXCLUDED."method", "path" = EXCLUDED."path", "requestHash" = EXCLUDED."requestHash",
          "token" = EXCLUDED."token", "claimedAt" = now(), "createdAt" = now(),
          "committedAt" = NULL, "responseStatus" = NULL, "responseBody" = NULL
        WHERE idempotency_keys."createdAt" < now() - make_interval(hours => ${RETENTION_HOURS})
           OR (idempotency_keys."committedAt" IS NULL AND idempotency_keys."responseStatus" IS NULL
               AND idempotency_keys."requestHash" = EXCLUDED."requestHash"
               AND idempotency_keys."claimedAt" < now() - make_interval(secs => ${this.timeoutSeconds}))
        RETURNING "token"::text AS token, (xmax <> 0) AS reclaimed`;
  }

  /** The stored key of another attempt (`fresh`: claimed within the in-progress timeout). */
  async stored(userId: string, key: string): Promise<StoredKey | undefined> {
    const [row] = await this.prisma.$queryRaw<StoredKey[]>`
        SELECT "requestHash", "responseStatus", "responseBody", "committedAt",
               "claimedAt" >= now() - make_interval(secs => ${this.timeoutSeconds}) AS fresh
        FROM idempotency_keys WHERE "userId" = ${userId}::uuid AND "key" = ${key}`;
    return row;
  }

  /** Marks the attempt's key committed inside the change's transaction; how many rows it marked (1, or 0 when taken over). */
  markCommitted(tx: Tx, attempt: KeyAttempt): Promise<number> {
    return tx.$executeRaw`
      UPDATE idempotency_keys SET "committedAt" = COALESCE("committedAt", now())
      WHERE "userId" = ${attempt.userId}::uuid AND "key" = ${attempt.key} AND "token" = ${attempt.token}::uuid`;
  }

  /** Stores the answer for replays. */
  async complete(attempt: KeyAttempt, status: number, body: unknown): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE idempotency_keys SET "responseStatus" = ${status}, "responseBody" = ${JSON.stringify(body ?? null)}::jsonb
      WHERE "userId" = ${attempt.userId}::uuid AND "key" = ${attempt.key} AND "token" = ${attempt.token}::uuid`;
  }

  /** The request failed: the key is given back, unless its change had already committed. */
  async release(attempt: KeyAttempt): Promise<void> {
    await this.prisma.$executeRaw`
      DELETE FROM idempotency_keys
      WHERE "userId" = ${attempt.userId}::uuid AND "key" = ${attempt.key} AND "token" = ${attempt.token}::uuid
        AND "committedAt" IS NULL`;
  }

  /** Deletes keys older than the retention period, in batches (the scheduled job `idempotency-prune`). */
  async prune(): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.prisma.$executeRaw`
        DELETE FROM idempotency_keys k USING (
          SELECT "userId", "key" FROM idempotency_keys
          WHERE "createdAt" < now() - make_interval(hours => ${RETENTION_HOURS})
          LIMIT ${PRUNE_BATCH} FOR UPDATE SKIP LOCKED
        ) old
        WHERE k."userId" = old."userId" AND k."key" = old."key"`;
      total += deleted;
      if (deleted < PRUNE_BATCH) return total;
    }
  }
}
