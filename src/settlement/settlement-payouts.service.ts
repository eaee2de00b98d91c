import { Injectable } from '@nestjs/common';
import type { Tx } from '../infra/database/transactions';
import {
  InstitutionShare,
  MemberRow,
  PaymentFileRow,
  PayeeRow,
  SettledAmountRow,
  SettlementInstitutionsRepository,
} from './settlement-institutions.repository';
import { LineFileRow, LineFilter, SettlementLinesRepository } from './settlement-lines.repository';
import { SettlementHead, SettlementRunsRepository } from './settlement-runs.repository';

export type { InstitutionShare, LineFileRow, LineFilter, MemberRow, PaymentFileRow, PayeeRow, SettledAmountRow, SettlementHead };
export type { PayeeDetails } from './settlement-institutions.repository';

/**
 * What the finance bureau's work reads and changes of a settlement (exported by SettlementModule): the settlement
 * and its row lock, what it owes each institution and to which payee, its payment file and lines, and the move
 * APPROVED → PAID. Finance owns the payments; the settlement owns these tables.
 */
@Injectable()
export class SettlementPayouts {
  constructor(
    private readonly runs: SettlementRunsRepository,
    private readonly parts: SettlementInstitutionsRepository,
    private readonly lines: SettlementLinesRepository,
  ) {}

  find(id: string, db?: Tx): Promise<SettlementHead | null> {
    return this.runs.findHead(id, db);
  }

  /** Row lock on the settlement: payment batches and the move to PAID of one settlement run one at a time. */
  lock(tx: Tx, id: string): Promise<SettlementHead | null> {
    return this.runs.lockHead(tx, id);
  }

  /** APPROVED → PAID; false when the settlement was no longer APPROVED. */
  markPaid(tx: Tx, id: string, at: Date): Promise<boolean> {
    return this.runs.markPaid(tx, id, at);
  }

  /** Institutions that are part of the settlement (have a per-institution total), optionally only some. */
  members(settlementId: string, only?: { ids?: string[]; creditCodes?: string[]; institutionId?: string }, db?: Tx): Promise<MemberRow[]> {
    return this.parts.members(settlementId, only, db);
  }

  /** Per institution: the payee fixed at approval (null before) and the registry's details now. */
  payees(settlementId: string, db?: Tx): Promise<PayeeRow[]> {
    return this.parts.payees(settlementId, db);
  }

  /** The payment file's rows in credit-code order, a batch at a time. */
  paymentFileBatches(settlementId: string, batchSize?: number): AsyncGenerator<PaymentFileRow[]> {
    return this.parts.exportBatches(settlementId, batchSize);
  }

  /** Every matching line in id order, a batch at a time. */
  lineBatches(where: LineFilter, batchSize: number): AsyncGenerator<LineFileRow[]> {
    return this.lines.batches(where, batchSize);
  }

  /** One institution's share of each approved or paid settlement, newest month first, and how many there are. */
  institutionShares(institutionId: string, skip: number, take: number): Promise<[InstitutionShare[], number]> {
    return this.parts.institutionShares(institutionId, skip, take);
  }

  /** Every approved or paid settlement of the year with what it owes each institution, in month order. */
  settledAmountsOfYear(year: number): Promise<SettledAmountRow[]> {
    return this.parts.settledAmountsOfYear(year);
  }
}
