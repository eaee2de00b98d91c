import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { ConflictError, NotFoundError } from '../common/errors';
import { Actor, currentContext, runWithContext } from '../common/request-context';
import { APP_CONFIG, AppConfig } from '../infra/config/app-config';
import { SettlementPayouts } from '../settlement/settlement-payouts.service';
import { isPublished } from '../settlement/settlement-status';
import {
  COLUMN_HEADER_ROW,
  columnHeaderRow,
  DRAFT_NOTICE,
  EXPORT_COLUMNS,
  contentDisposition,
  ExportFormat,
  ExportHeader,
  exportFileNames,
  ExportRow,
  ExportTotals,
  headerBlock,
  institutionRow,
  isListed,
  totalsBlock,
} from './export-layout';
import { csvStream, xlsxStream } from './export-writers';
import { CONTENT_TYPES, ExportFile } from './table-file';
import { Clock } from '../infra/clock/clock';

/** The payment file (支付清单) of a settlement, streamed from the database in batches. */
@Injectable()
export class ExportService {
  constructor(
    private readonly settlements: SettlementPayouts,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Checks happen here, before any byte is sent, so refusals are ordinary JSON errors. */
  async export(settlementId: string, format: ExportFormat, actor: Actor): Promise<ExportFile> {
    const settlement = await this.settlements.find(settlementId);
    if (!settlement) throw new NotFoundError('Settlement');
    // final files for approved (or paid) months; a published month's file is marked as a draft
    if (!isPublished(settlement.status)) {
      throw new ConflictError(
        'SETTLEMENT_NOT_EXPORTABLE',
        `A payment file exists once the settlement is approved (or published, as a draft); this one is ${settlement.status}`,
      ).with({ status: settlement.status });
    }
    const header: ExportHeader = {
      districtName: this.config.districtName,
      month: settlement.month,
      settlementId: settlement.id,
      status: settlement.status,
      draft: settlement.status === 'PUBLISHED',
      generatedAt: this.clock.now(),
      generatedBy: actor.username,
    };
    const rows = this.rows(header, format);
    return {
      stream:
        format === 'csv'
          ? csvStream(rows)
          : xlsxStream(rows, {
              sheetName: `支付清单 ${settlement.month}`,
              columns: EXPORT_COLUMNS,
              headerRow: COLUMN_HEADER_ROW,
              pageHeader: header.draft ? DRAFT_NOTICE : `${header.districtName}托育机构保育费补贴支付清单 ${header.month}`,
              pageHeaderIsWarning: header.draft,
            }),
      contentType: CONTENT_TYPES[format],
      disposition: contentDisposition(exportFileNames(header, format)),
    };
  }

  /**
   * The rows in file order. The export is audited once every institution row has been produced and just
   * before the totals are written: if the audit entry cannot be written the file stays incomplete.
   */
  private async *rows(header: ExportHeader, format: ExportFormat): AsyncGenerator<ExportRow> {
    // the stream is read after the handler returned; keep the request's actor and id for the audit entry
    const context = currentContext();
    yield* headerBlock(header);
    yield columnHeaderRow();
    const totals = new ExportTotals();
    for await (const batch of this.settlements.paymentFileBatches(header.settlementId)) {
      for (const row of batch) {
        if (!isListed(row)) continue;
        totals.add(row);
        yield institutionRow(row);
      }
    }
    const entry = {
      action: 'EXPORT_GENERATED',
      entityType: 'Settlement',
      entityId: header.settlementId,
      after: { format, month: header.month, status: header.status, draft: header.draft, ...totals.toJSON() },
    };
    await (context ? runWithContext(context, () => this.audit.recordAlone(entry)) : this.audit.recordAlone(entry));
    yield* totalsBlock(totals);
  }
}
