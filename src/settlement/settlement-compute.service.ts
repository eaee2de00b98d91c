import { Inject, Injectable, Logger } from '@nestjs/common';
import { hostname } from 'node:os';
import { AuditService } from '../audit/audit.service';
import { noPolicyInForce, RunFailure } from './run-failure';
import { APP_CONFIG, AppConfig } from '../infra/config/app-config';
import { Transactions, Tx } from '../infra/database/transactions';
import { EligibilityRepository } from '../registry/eligibility.repository';
import { SubsidyPolicyService } from '../subsidy-policy/subsidy-policy.service';
import type { ChunkPayload, RunPayload } from './queue/settlement-queue';
import { NewChunk, SettlementComputeRepository } from './settlement-compute.repository';
import { SettlementRunsRepository } from './settlement-runs.repository';
import { isInProgress } from './settlement-status';
import { Clock } from '../infra/clock/clock';

export { PermanentRunError } from './run-failure';

const LONG_TX = { timeout: 30 * 60_000, maxWait: 60_000 };

/**
 * Where a settlement is computed (worker side). A run is:
 *  1. plan (one transaction): snapshot the roster versions and eligibility the run reads
 *     (settlement_rosters), drop the previous run's lines, cut the month's children into chunks of
 *     SETTLEMENT_CHUNK_SIZE by child id, plus one ADJUSTMENT chunk when earlier approved months were corrected;
 *  2. one job per chunk, each ONE transaction: its lines (a single INSERT … SELECT) and doneAt together,
 *     so a chunk is applied exactly once whatever crashes or retries; any worker process may take any chunk;
 *  3. the chunk that brings progress to total also writes the per-institution totals and sets COMPUTED.
 * Runs are numbered: work of an older run finds its run number changed and does nothing.
 */
@Injectable()
export class SettlementComputeService {
  private readonly logger = new Logger(SettlementComputeService.name);
  private readonly workerName = `${hostname()}:${process.pid}`;

  constructor(
    private readonly transactions: Transactions,
    private readonly runs: SettlementRunsRepository,
    private readonly repo: SettlementComputeRepository,
    private readonly audit: AuditService,
    private readonly eligibility: EligibilityRepository,
    private readonly policies: SubsidyPolicyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Plans the run; returns the chunks still to do (all of them, or the rest when a planned run is retried). */
  async plan(p: RunPayload): Promise<ChunkPayload[]> {
    // the job is enqueued after the run's commit (the outbox); the month lock also waits for a re-run in flight
    const current = await this.transactions.run(async (tx) => {
      await this.runs.lockMonth(tx, p.month, 'exclusive');
      return this.runs.findById(p.settlementId, tx);
    });
    if (!current || current.run !== p.run || !isInProgress(current.status)) return [];
    const noPolicy = () => noPolicyInForce(p.month);
    if (!(await this.policies.inForce(p.month))) throw noPolicy();
    return this.transactions.run(async (tx) => {
      await this.runs.lockMonth(tx, p.month, 'exclusive');
      // read under the month lock, which a new policy version takes for the months it governs
      const policy = await this.policies.inForce(p.month, tx);
      if (!policy) throw noPolicy();
      const settlement = await this.runs.findById(p.settlementId, tx);
      if (!settlement || settlement.run !== p.run || !isInProgress(settlement.status)) return [];
      if (settlement.status === 'RUNNING') {
        // a retried plan job whose first attempt committed: hand out what is left
        const left = await this.repo.chunksLeft(tx, p.settlementId, p.run);
        return left.map((c) => ({ ...p, chunkNo: c.chunkNo }));
      }

      const id = p.settlementId;
      await this.repo.clearRun(tx, id);
      // what eligibility the run reads: the registry now for its own month; for an earlier month recomputed for
      // corrections, that month's approved settlement's own snapshot (the registry's answer for a settled month
      // is frozen anyway, this makes it independent of it)
      await this.repo.snapshotEligibility(tx, id, p.month, await this.eligibility.forMonth(p.month, undefined, tx));
      const correctedMonths = await this.repo.correctedMonths(tx, p.month);
      for (const month of correctedMonths) {
        // the month's own approved settlement's snapshot; for a month never settled itself (a later month was
        // approved first), that of the first approved settlement that paid its rosters as corrections
        const copied = await this.repo.copyEligibility(tx, id, month);
        // a month not computed yet by any approved settlement, or approved before snapshots existed
        if (copied === 0) await this.repo.snapshotEligibility(tx, id, month, await this.eligibility.forMonth(month, undefined, tx));
      }
      await this.repo.snapshotRosters(tx, id, p.month, true);
      for (const month of correctedMonths) await this.repo.snapshotRosters(tx, id, month, false);

      // chunk boundaries: every chunkSize-th child id of the month, in id order
      const bounds = await this.repo.chunkBounds(tx, id, p.month, this.config.settlementChunkSize);
      const chunks: NewChunk[] = bounds.map((b, i) => ({
        settlementId: id,
        chunkNo: i + 1,
        run: p.run,
        kind: 'MONTH',
        fromChildId: i === 0 ? null : b.childId,
        toChildId: bounds[i + 1]?.childId ?? null,
      }));
      if (correctedMonths.length) chunks.push({ settlementId: id, chunkNo: chunks.length + 1, run: p.run, kind: 'ADJUSTMENT' });
      await this.repo.createChunks(tx, chunks);

      const started = await this.runs.markRunning(tx, id, {
        startedAt: this.clock.now(),
        policyId: policy.id,
        progressTotal: chunks.length,
      });
      if (!chunks.length) {
        // nothing to compute: QUEUED → COMPUTED in this one transaction (the audit says so)
        await this.finalise(tx, id, p.month, p.run, settlement.status);
        return [];
      }
      await this.audit.record(tx, {
        action: 'SETTLEMENT_STARTED',
        entityType: 'Settlement',
        entityId: id,
        before: { status: settlement.status, run: settlement.run },
        after: { status: started.status, run: started.run, chunks: chunks.length, policyId: policy.id, correctedMonths },
      });
      return chunks.map((c) => ({ ...p, chunkNo: c.chunkNo }));
    }, LONG_TX);
  }

  /** Computes one chunk in one transaction; 'skipped' when it was done already or belongs to an older run. */
  async chunk(p: ChunkPayload): Promise<'done' | 'skipped' | 'finalised'> {
    return this.transactions.run(async (tx) => {
      // shared: chunks of a month run in parallel; a new run or an approval waits for them
      await this.runs.lockMonth(tx, p.month, 'shared');
      const chunk = await this.repo.lockChunk(tx, p);
      if (!chunk || chunk.doneAt) return 'skipped';
      const settlement = await this.runs.findById(p.settlementId, tx);
      if (!settlement || settlement.run !== p.run || settlement.status !== 'RUNNING' || !settlement.policyId) return 'skipped';
      const policy = await this.repo.policy(tx, settlement.policyId);

      if (chunk.kind === 'MONTH') {
        await this.repo.insertChunkLines(tx, p.settlementId, p.month, policy, chunk);
      } else {
        await this.insertAdjustments(tx, p.settlementId, p.month);
      }
      if (this.config.settlementTestDelayMs > 0) await this.repo.sleep(tx, this.config.settlementTestDelayMs);

      await this.repo.markChunkDone(tx, p.settlementId, p.chunkNo, this.workerName);
      // the row lock taken here orders the chunks' ends: exactly one of them sees done = total
      const progress = await this.runs.countChunkDone(tx, p.settlementId, p.run);
      if (progress.progressDone < progress.progressTotal) return 'done';
      await this.finalise(tx, p.settlementId, p.month, p.run);
      return 'finalised';
    }, LONG_TX);
  }

  /**
   * Ends a run in FAILED with its code and Chinese sentence (only if that run is still the current one); `detail`
   * (already free of personal data, see failureLogDetail) goes to the log only.
   */
  async fail(p: RunPayload, failure: RunFailure, detail: string): Promise<void> {
    const failed = await this.transactions.run(async (tx) => {
      await this.runs.lockMonth(tx, p.month, 'exclusive');
      const rows = await this.runs.lockRunInProgress(tx, p.settlementId, p.run);
      if (!rows.length) return false;
      await this.runs.markFailed(tx, p.settlementId, { code: failure.code, reason: failure.message.slice(0, 1000) });
      await this.audit.record(tx, {
        action: 'SETTLEMENT_FAILED',
        entityType: 'Settlement',
        entityId: p.settlementId,
        before: { status: rows[0].status, run: p.run },
        after: { status: 'FAILED', run: p.run, failureCode: failure.code, failureReason: failure.message.slice(0, 300) },
      });
      return true;
    }, LONG_TX);
    if (failed) this.logger.warn(`settlement ${p.month} run ${p.run} failed (${failure.code}): ${detail}`);
  }

  /**
   * For every corrected earlier month: recompute that month (under its own policy) for the children of the
   * corrected rosters and the children those institutions were paid for, and post the difference to what
   * approved settlements already paid, per (child, institution), as ADJUSTMENT lines.
   */
  private async insertAdjustments(tx: Tx, settlementId: string, month: string): Promise<void> {
    await this.repo.clearAdjustments(tx, settlementId);
    const months = await this.repo.adjustmentMonths(tx, settlementId, month);
    for (const { forMonth } of months) {
      // the policy the month was approved under (a month never settled itself: the one in force for it)
      const settledPolicyId = await this.repo.settledPolicyId(tx, forMonth);
      const policy = settledPolicyId ? await this.repo.policy(tx, settledPolicyId) : await this.policies.inForce(forMonth, tx);
      if (!policy) throw noPolicyInForce(forMonth, true);
      await this.repo.insertAdjustments(tx, settlementId, forMonth, policy);
    }
  }

  /**
   * Per-institution totals and the settlement's totals, then COMPUTED. An institution's amount is
   * max(0, subsidy + adjustments − carried in); the overpayment carried in is what the latest earlier
   * approved settlement carried forward for it; what cannot be offset now is carried forward again.
   */
  private async finalise(tx: Tx, settlementId: string, month: string, run: number, fromStatus = 'RUNNING'): Promise<void> {
    const totals = await this.repo.writeInstitutionTotals(tx, settlementId, month);
    await this.runs.markComputed(tx, settlementId, this.clock.now(), totals);
    await this.audit.record(tx, {
      action: 'SETTLEMENT_COMPUTED',
      entityType: 'Settlement',
      entityId: settlementId,
      before: { status: fromStatus, run },
      after: { status: 'COMPUTED', run, paidChildren: totals.paid, amountFen: Number(totals.amount) },
    });
  }
}
