import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json';
import { currentContext } from '../common/request-context';
import { APP_CONFIG, AppConfig } from '../infra/config/app-config';
import { Transactions } from '../infra/database/transactions';
import { MaintenanceTasks } from '../infra/maintenance/maintenance-tasks';
import { actorOf } from './audit-actor';
import { AuditChainRepository } from './audit-chain.repository';
import { AuditRefusalsRepository, SUMMARY_BATCH } from './audit-refusals.repository';
import { sanitizeForAudit } from './audit-sanitize';
import { Clock } from '../infra/clock/clock';

export interface Refusal {
  /** ACCESS_DENIED (403, or 404 for another institution's record) or LOGIN_FAILED */
  action: 'ACCESS_DENIED' | 'LOGIN_FAILED';
  entityType: string;
  entityId?: string | null;
  /** what was refused: route and status, or the username and reason; never a password */
  after?: unknown;
}

/**
 * Refused attempts, counted without the audit chain's lock. A scan of thousands of records (or a password
 * spray) used to write one chain entry per refusal, each taking the chain's global lock in a transaction of its
 * own, so it stalled every ordinary write. Now each refusal is one upsert of a counter row — the same actor,
 * role, address, action, entity and details within one window (AUDIT_REFUSAL_WINDOW_SECONDS) share a row — and a
 * scheduled job (every window) moves closed windows into the chain, one entry per row with its `count`,
 * `firstAt` (the entry's `at`) and `lastAt`, many rows under one lock. Rows are deleted in the same transaction
 * as their entries are written, so every refusal reaches the chain exactly once, at most about two windows late.
 */
@Injectable()
export class AuditRefusals implements OnModuleInit {
  private readonly logger = new Logger(AuditRefusals.name);
  private readonly windowMs: number;

  constructor(
    private readonly transactions: Transactions,
    private readonly repo: AuditRefusalsRepository,
    private readonly chain: AuditChainRepository,
    private readonly maintenance: MaintenanceTasks,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.windowMs = config.audit.refusalWindowSeconds * 1000;
  }

  onModuleInit(): void {
    this.maintenance.register({ name: 'audit-refusal-summary', everyMs: this.windowMs, run: () => this.summarise().then(() => undefined) });
  }

  /** Counts one refusal of the current request. Never throws: the refusal is answered whatever happens here. */
  async count(refusal: Refusal): Promise<void> {
    const ctx = currentContext();
    const now = this.clock.now();
    const windowStart = new Date(Math.floor(now.getTime() / this.windowMs) * this.windowMs);
    const same = {
      action: refusal.action,
      ...actorOf(ctx),
      ip: ctx?.ip ?? null,
      entityType: refusal.entityType,
      entityId: refusal.entityId ?? null,
      after: sanitizeForAudit(refusal.after),
    };
    const bucket = createHash('sha256').update(canonicalJson(same)).digest('hex');
    try {
      await this.repo.count(windowStart, bucket, same, ctx?.requestId ?? null, now);
    } catch (error) {
      this.logger.error(`Could not record a refused attempt: ${(error as Error).message}`);
    }
  }

  /**
   * Writes counted refusals to the chain: those of closed windows, or with `everything` all of them (tests, and an
   * operator who wants the log complete now). Returns how many entries were written. Safe to run in several
   * processes at once: rows taken by one run are skipped by the others.
   */
  async summarise(options: { everything?: boolean } = {}): Promise<number> {
    const closedBefore = new Date(Math.floor(this.clock.now().getTime() / this.windowMs) * this.windowMs);
    let written = 0;
    for (;;) {
      const batch = await this.transactions.run(async (tx) => {
        const rows = await this.repo.takeBatch(tx, options.everything === true, closedBefore);
        rows.sort((a, b) => a.firstAt.getTime() - b.firstAt.getTime());
        await this.chain.append(
          tx,
          rows.map((r) => ({
            at: r.firstAt,
            actorId: r.actorId,
            role: r.role,
            action: r.action,
            entityType: r.entityType,
            entityId: r.entityId,
            before: null,
            after: { ...r.after, count: r.count, lastAt: r.lastAt.toISOString() },
            requestId: r.requestId,
            ip: r.ip,
          })),
        );
        return rows.length;
      });
      written += batch;
      if (batch < SUMMARY_BATCH) return written;
    }
  }
}
