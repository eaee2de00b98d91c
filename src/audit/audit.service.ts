import { Injectable } from '@nestjs/common';
import { currentContext } from '../common/request-context';
import { Transactions, Tx } from '../infra/database/transactions';
import { IdempotencyKeys } from '../infra/idempotency/idempotency-keys';
import { actorOf } from './audit-actor';
import { AuditChainRepository } from './audit-chain.repository';
import { AuditRefusals, Refusal } from './audit-refusals.service';
import { sanitizeForAudit } from './audit-sanitize';
import { Clock } from '../infra/clock/clock';
import type { RefusalLog } from '../infra/http/refusal-log';

export interface AuditEntry {
  /** e.g. INSTITUTION_FILED, ROSTER_SUBMITTED — past tense of what happened */
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

@Injectable()
export class AuditService implements RefusalLog {
  constructor(
    private readonly transactions: Transactions,
    private readonly chain: AuditChainRepository,
    private readonly refusals: AuditRefusals,
    private readonly idempotency: IdempotencyKeys,
    private readonly clock: Clock,
  ) {}

  /**
   * Appends one entry inside the caller's transaction, so the entry exists exactly when the change does; it also
   * marks the request's Idempotency-Key as committed with the change (so a retry never runs it again).
   * Call it last in the transaction: the chain lock is held until commit.
   */
  async record(tx: Tx, entry: AuditEntry): Promise<void> {
    const ctx = currentContext();
    await this.chain.append(tx, [
      {
        at: this.clock.now(),
        ...actorOf(ctx),
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId ?? null,
        before: sanitizeForAudit(entry.before),
        after: sanitizeForAudit(entry.after),
        requestId: ctx?.requestId ?? null,
        ip: ctx?.ip ?? null,
      },
    ]);
    await this.idempotency.markCommitted(tx);
  }

  /** For changes that have no transaction of their own (e.g. an audited reading of a full ID number). */
  async recordAlone(entry: AuditEntry): Promise<void> {
    await this.transactions.run((tx) => this.record(tx, entry));
  }

  /**
   * A refused attempt (403, another institution's record answered 404, a failed sign-in). It does not take the
   * chain lock: it is counted per actor, address and kind over AUDIT_REFUSAL_WINDOW_SECONDS and written to the
   * chain once per window, with the count (AuditRefusals). Never throws: a refusal must not fail because the
   * log could not be written.
   */
  async recordRefusal(refusal: Refusal): Promise<void> {
    await this.refusals.count(refusal);
  }
}
