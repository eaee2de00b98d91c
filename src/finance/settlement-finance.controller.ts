import { IdempotencyInterceptor } from '../infra/http/idempotency.interceptor';
import { Controller, Get, Param, ParseUUIDPipe, Post, Query, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { Body, HttpCode } from '../infra/http/route-decorators';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ANY_ROLE, Roles } from '../auth/roles.decorator';
import type { Actor } from '../common/request-context';
import { ApiCreated, ApiErrors, ApiFile, ApiOk } from '../infra/http/api-docs';
import { sendError } from '../infra/http/exception.filter';
import { ExportQuery, LinesExportQuery, RecordPaymentsDto } from './dto/finance.dto';
import { ExportService } from './export.service';
import { PaymentBatchView, ReconciliationView } from './finance.view';
import { PaymentsService, UploadedFileLike } from './payments.service';
import { ReconciliationService } from './reconciliation.service';
import { ReportExportsService } from './report-exports.service';
import type { ExportFile } from './table-file';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FILE_TYPES = { [XLSX]: '`format=xlsx`（默认）', 'text/csv': '`format=csv`（UTF-8 带 BOM）' };

function streamed(file: ExportFile): StreamableFile {
  return new StreamableFile(file.stream, { type: file.contentType, disposition: file.disposition }).setErrorHandler(failedStream);
}

/**
 * The finance bureau's routes on a settlement: the payment file, recording payments, reconciliation.
 * (The settlement itself — computing, publishing, approving — lives in src/settlement.)
 */
@ApiTags('finance')
@Controller('settlements')
export class SettlementFinanceController {
  constructor(
    private readonly exports: ExportService,
    private readonly payments: PaymentsService,
    private readonly reconciliation: ReconciliationService,
    private readonly reports: ReportExportsService,
  ) {}

  @Get(':id/export')
  @Roles('finance', 'admin')
  @ApiOperation({
    summary: '下载支付清单',
    description:
      'The payment file (支付清单) as XLSX or CSV: header block, one row per institution by credit code, a totals row and control totals. APPROVED or PAID; PUBLISHED gives a file marked 草稿/DRAFT; else 409.',
  })
  @ApiFile(FILE_TYPES)
  @ApiErrors({ 409: ['SETTLEMENT_NOT_EXPORTABLE'], 500: ['INTERNAL_ERROR'] })
  async export(@Param('id', ParseUUIDPipe) id: string, @Query() query: ExportQuery, @CurrentActor() actor: Actor): Promise<StreamableFile> {
    return streamed(await this.exports.export(id, query.format ?? 'xlsx', actor));
  }

  @Get(':id/lines/export')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: '下载结算明细（逐个儿童）',
    description:
      'The per-child lines as XLSX or CSV (masked ID numbers, amount in yuan, reason in Chinese and as its code), filters ' +
      '`institutionId`, `reason`; operators: their own institution only. Empty until COMPUTED. Audited (EXPORT_GENERATED).',
  })
  @ApiFile(FILE_TYPES)
  @ApiErrors({ 500: ['INTERNAL_ERROR'] })
  async exportLines(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: LinesExportQuery,
    @CurrentActor() actor: Actor,
  ): Promise<StreamableFile> {
    const { format, ...filter } = query;
    return streamed(await this.reports.lines(id, filter, format ?? 'xlsx', actor));
  }

  @Get(':id/reconciliation/export')
  @Roles('finance', 'admin', 'auditor', 'operator')
  @ApiOperation({
    summary: '下载对账表',
    description:
      'The reconciliation as XLSX or CSV: per institution expected, paid, difference, result, vouchers and dates, then a ' +
      'totals row. A read (never moves the settlement to PAID). Operators: their own part. Audited (EXPORT_GENERATED).',
  })
  @ApiFile(FILE_TYPES)
  @ApiErrors({ 409: ['SETTLEMENT_NOT_APPROVED'], 500: ['INTERNAL_ERROR'] })
  async exportReconciliation(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ExportQuery,
    @CurrentActor() actor: Actor,
  ): Promise<StreamableFile> {
    return streamed(await this.reports.reconciliationFile(id, query.format ?? 'xlsx', actor));
  }

  @Post(':id/payments')
  @Roles('finance')
  @ApiOperation({
    summary: '录入支付记录',
    description:
      'Records payments `{ payments: [{ institutionId, amountFen, voucherNo, paidOn }] }`. All or nothing; a voucher already recorded with the same data is skipped (`alreadyRecorded`), with other data → 422.',
  })
  @ApiCreated(PaymentBatchView)
  @ApiErrors({ 409: ['SETTLEMENT_NOT_APPROVED'] })
  record(@Param('id', ParseUUIDPipe) id: string, @Body() body: RecordPaymentsDto, @CurrentActor() actor: Actor) {
    return this.payments.record(id, body, actor);
  }

  @Post(':id/payments/import')
  @Roles('finance')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } })
  @UseInterceptors(FileInterceptor('file'), IdempotencyInterceptor)
  @ApiOperation({
    summary: '导入银行回单文件',
    description:
      "Records the bank's return file: multipart field `file`, .csv (UTF-8 or GB18030) or .xlsx, columns 统一社会信用代码, 金额(元) or 金额(分), 凭证号, 支付日期. The downloaded 支付清单 filled in with 凭证号 and 支付日期 is accepted as it is (totals, sign-off and unpaid rows skipped). Same rules as the JSON endpoint; errors name the file row. An .xlsx that inflates beyond the limits → 413 FILE_TOO_LARGE.",
  })
  @ApiCreated(PaymentBatchView)
  @ApiErrors({ 400: ['FILE_REQUIRED'], 409: ['SETTLEMENT_NOT_APPROVED'], 413: ['FILE_TOO_LARGE'] })
  import(@Param('id', ParseUUIDPipe) id: string, @UploadedFile() file: UploadedFileLike | undefined, @CurrentActor() actor: Actor) {
    return this.payments.import(id, file, actor);
  }

  @Get(':id/reconciliation')
  @Roles('finance', 'admin', 'auditor', 'operator')
  @ApiOperation({
    summary: '对账',
    description:
      "Expected against paid, per institution, with every discrepancy (UNDERPAID, OVERPAID, PAID_NOT_OWED), and the payee fixed at approval with a flag when the institution's bank details changed since. A read: it never changes the settlement (see POST …/close). Operators see their own part.",
  })
  @ApiOk(ReconciliationView)
  @ApiErrors({ 409: ['SETTLEMENT_NOT_APPROVED'] })
  reconcile(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    return this.reconciliation.reconciliation(id, actor);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('finance')
  @ApiOperation({
    summary: '结清结算（确认已足额支付）',
    description:
      'APPROVED → PAID when every institution was paid exactly what it is owed (a month with nothing to pay included); audited. Otherwise 409 NOT_RECONCILED with one detail per discrepancy. A PAID settlement is answered unchanged; other states 409 SETTLEMENT_NOT_APPROVED. (The payment batch that makes everything match also closes the month itself.)',
  })
  @ApiOk(ReconciliationView)
  @ApiErrors({ 409: ['SETTLEMENT_NOT_APPROVED', 'NOT_RECONCILED'] })
  close(@Param('id', ParseUUIDPipe) id: string) {
    return this.reconciliation.close(id);
  }
}

/** A file that fails half-way must not look complete: cut the connection; before any byte, answer 500 as JSON. */
export function failedStream(error: Error, res: { headersSent: boolean; destroyed: boolean; destroy?: () => void }): void {
  if (res.destroyed) return;
  if (res.headersSent) {
    res.destroy?.();
    return;
  }
  const response = res as unknown as Response;
  response.removeHeader('Content-Disposition');
  sendError(error, response.req, response);
}
