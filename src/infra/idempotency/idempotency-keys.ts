import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ConflictError } from '../../common/errors';
import { currentContext } from '../../common/request-context';
import type { Tx } from '../database/transactions';
import { IdempotencyKeysRepository, KeyAttempt, StoredKey } from './idempotency-keys.repository';

export type { KeyAttempt } from './idempotency-keys.repository';

export type Claim =
  { kind: 'claimed'; attempt: KeyAttempt } | { kind: 'replay'; status: number; body: unknown } | { kind: 'refused'; error: ConflictError };

/**
 * The rules of the idempotency_keys table (IdempotencyKeysRepository reaches it). A key moves through: claimed by an attempt (token, claimedAt) → its change
 * committed (committedAt, written in the change's own transaction by markCommitted) → answered (response).
 *
 * - A committed change is never run again: a retry replays the stored answer, or — if the answer could not be
 *   stored — is refused (409 IDEMPOTENCY_RESPONSE_LOST) instead of repeating the change.
 * - An attempt that never committed (it failed, or its process died) gives the key back: at once when it
 *   fails, after IDEMPOTENCY_IN_PROGRESS_TIMEOUT_SECONDS when it died. A retry then takes the key over with a new
 *   token, and a slow original that wakes up later cannot commit any more: markCommitted finds another token
 *   and rolls its transaction back.
 * Times are the database's (one clock for every process).
 */
@Injectable()
export class IdempotencyKeys {
  private readonly logger = new Logger(IdempotencyKeys.name);

  constructor(private readonly repo: IdempotencyKeysRepository) {}

  async claim(request: { userId: string; key: string; method: string; path: string; requestHash: string }): Promise<Claim> {
    const { userId, key, requestHash } = request;
    // a key that vanishes or frees up between the two statements is simply claimed again
    for (let tries = 0; ; tries += 1) {
      const token = randomUUID();
      const taken = await this.repo.claim(request, token);
      if (taken.length) {
        if (taken[0].reclaimed) this.logger.warn('Idempotency-Key taken over from an attempt that did not finish in time');
        return { kind: 'claimed', attempt: { userId, key, token } };
      }
      const row = await this.repo.stored(userId, key);
      const decided = row ? decide(row, requestHash) : null;
      if (decided) return decided;
      if (tries >= 3) return { kind: 'refused', error: inProgress() };
    }
  }

  /**
   * Inside the transaction of a state change (the audit service calls it with every entry it writes): marks the
   * current request's key as committed together with the change. Refuses — rolling the change back — when the
   * key has meanwhile been taken over by a retry.
   */
  async markCommitted(tx: Tx): Promise<void> {
    const attempt = currentContext()?.idempotency;
    if (!attempt) return;
    const updated = await this.repo.markCommitted(tx, attempt);
    if (updated !== 1) {
      throw new ConflictError(
        'IDEMPOTENCY_KEY_TAKEN_OVER',
        '本请求耗时过长，其 Idempotency-Key 已由一次重试接管；本次更改未保存，请查询重试的结果',
      );
    }
  }

  /** Stores the answer for replays. */
  complete(attempt: KeyAttempt, status: number, body: unknown): Promise<void> {
    return this.repo.complete(attempt, status, body);
  }

  /** The request failed: the key is given back, unless its change had already committed. */
  release(attempt: KeyAttempt): Promise<void> {
    return this.repo.release(attempt);
  }

  /** Deletes keys older than the retention period, in batches (the scheduled job `idempotency-prune`). */
  prune(): Promise<number> {
    return this.repo.prune();
  }
}

function decide(row: StoredKey, requestHash: string): Claim | null {
  if (row.requestHash !== requestHash) {
    return {
      kind: 'refused',
      error: new ConflictError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request'),
    };
  }
  if (row.responseStatus !== null) return { kind: 'replay', status: row.responseStatus, body: row.responseBody };
  if (row.fresh) return { kind: 'refused', error: inProgress() };
  if (row.committedAt !== null) {
    return {
      kind: 'refused',
      error: new ConflictError(
        'IDEMPOTENCY_RESPONSE_LOST',
        '此 Idempotency-Key 的请求已经执行，但当时的应答未能保存，无法重放；请查询结果，不要重复提交',
      ),
    };
  }
  // an abandoned attempt that timed out between the two statements: claim again
  return null;
}

function inProgress(): ConflictError {
  return new ConflictError('IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed');
}
