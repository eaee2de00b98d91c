import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { assertInstitutionAccess, institutionScope } from '../auth/access';
import { ConflictError, NotFoundError } from '../common/errors';
import { label, LINE_REASON_LABELS, PAYMENT_STATE_LABELS, SETTLEMENT_STATUS_LABELS } from '../common/i18n/labels';
import type { Actor } from '../common/request-context';
import type { LineReason, SettlementStatus } from '../generated/prisma/enums';
import { Prisma } from '../generated/prisma/client';
import { Clock } from '../infra/clock/clock';
import { APP_CONFIG, AppConfig } from '../infra/config/app-config';
import { PrismaService } from '../infra/database/prisma.service';
import { ExportCell, ExportColumn, ExportFormat, ExportRow } from './export-layout';
import { FinanceRepository, PAYABLE_STATUSES } from './finance.repository';
import { ReconciliationService } from './reconciliation.service';
import { ExportFile, tableFile } from './table-file';

const COMPUTED_STATES: SettlementStatus[] = ['COMPUTED', 'PUBLISHED', 'APPROVED', 'PAID'];
const BATCH = 2000;

export const LINE_COLUMNS: readonly ExportColumn[] = [
  { title: '机构名称', width: 30, type: 'text' },
  { title: '统一社会信用代码', width: 21, type: 'text' },
  { title: '身份证号（脱敏）', width: 21, type: 'text' },
  { title: '所属月份', width: 10, type: 'text' },
  { title: '孩次', width: 6, type: 'count' },
  { title: '金额(元)', width: 12, type: 'money' },
  { title: '原因', width: 26, type: 'text' },
  { title: '原因代码', width: 24, type: 'text' },
];

export const RECONCILIATION_COLUMNS: readonly ExportColumn[] = [
  { title: '机构名称', width: 30, type: 'text' },
  { title: '统一社会信用代码', width: 21, type: 'text' },
  { title: '应付金额(元)', width: 14, type: 'money' },
  { title: '已付金额(元)', width: 14, type: 'money' },
  { title: '差额(元)', width: 12, type: 'money' },
  { title: '对账结果', width: 16, type: 'text' },
  { title: '凭证号', width: 24, type: 'text' },
  { title: '支付日期', width: 22, type: 'text' },
];

export interface LinesExportFilter {
  institutionId?: string;
  reason?: LineReason;
}

/** Per-child lines and the reconciliation of a settlement as files; every download is audited. */
@Injectable()
export class ReportExportsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly repo: FinanceRepository,
    private readonly reconciliation: ReconciliationService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async lines(settlementId: string, filter: LinesExportFilter, format: ExportFormat, actor: Actor): Promise<ExportFile> {
    const settlement = await this.repo.findSettlement(settlementId);
    if (!settlement) throw new NotFoundError('Settlement');
    if (filter.institutionId) assertInstitutionAccess(actor, filter.institutionId);
    const where: Prisma.SettlementLineWhereInput = {
      settlementId,
      institutionId: institutionScope(actor) ?? filter.institutionId,
      reason: filter.reason,
    };
    const computed = COMPUTED_STATES.includes(settlement.status);
    await this.recordExport('SettlementLines', settlementId, format, settlement.month, { ...filter });
    const prisma = this.prisma;
    async function* body(): AsyncGenerator<ExportCell[]> {
      if (!computed) return;
      let cursor: bigint | undefined;
      for (;;) {
        const rows = await prisma.settlementLine.findMany({
          where: cursor === undefined ? where : { ...where, id: { gt: cursor } },
          orderBy: { id: 'asc' },
          take: BATCH,
        });
        // lines have no foreign keys (so no relations) to children and institutions: the batch's are read by id
        const [children, institutions] = await Promise.all([
          prisma.child.findMany({ where: { id: { in: rows.map((l) => l.childId) } }, select: { id: true, idMasked: true } }),
          prisma.institution.findMany({
            where: { id: { in: [...new Set(rows.map((l) => l.institutionId))] } },
            select: { id: true, name: true, creditCode: true },
          }),
        ]);
        const maskedOf = new Map(children.map((c) => [c.id, c.idMasked]));
        const institutionOf = new Map(institutions.map((i) => [i.id, i]));
        for (const l of rows) {
          const institution = institutionOf.get(l.institutionId)!;
          yield [
            institution.name,
            institution.creditCode,
            maskedOf.get(l.childId)!,
            l.forMonth,
            l.birthOrder,
            { fen: l.amountFen },
            label(LINE_REASON_LABELS, l.reason),
            l.reason,
          ];
        }
        if (rows.length < BATCH) return;
        cursor = rows[rows.length - 1].id;
      }
    }
    return tableFile(
      {
        title: `${this.config.districtName}托育补贴结算明细 ${settlement.month}`,
        meta: [
          ['月份', settlement.month],
          ['结算编号', settlement.id],
          ['状态', label(SETTLEMENT_STATUS_LABELS, settlement.status)],
        ],
        columns: LINE_COLUMNS,
        sheetName: `结算明细 ${settlement.month}`,
        fileName: {
          utf8: `${this.config.districtName}托育补贴结算明细_${settlement.month}`,
          ascii: `settlement-lines-${settlement.month}`,
        },
        generatedAt: this.clock.now(),
        generatedBy: actor.username,
      },
      format,
      body(),
    );
  }

  /** A read: the reconciliation as it stands, never moving the settlement on. */
  async reconciliationFile(settlementId: string, format: ExportFormat, actor: Actor): Promise<ExportFile> {
    const settlement = await this.repo.findSettlement(settlementId);
    if (!settlement) throw new NotFoundError('Settlement');
    if (!PAYABLE_STATUSES.includes(settlement.status)) {
      throw new ConflictError(
        'SETTLEMENT_NOT_APPROVED',
        `对账针对已审核的结算；当前状态为${label(SETTLEMENT_STATUS_LABELS, settlement.status)}`,
      );
    }
    const rec = await this.reconciliation.compute(this.prisma, settlementId);
    const scope = institutionScope(actor);
    const institutions = scope ? rec.institutions.filter((r) => r.institutionId === scope) : rec.institutions;
    await this.recordExport('Reconciliation', settlementId, format, settlement.month, {});
    const differing = institutions.filter((r) => r.differenceFen !== 0).length;
    const expected = institutions.reduce((s, r) => s + BigInt(r.expectedFen), 0n);
    const paid = institutions.reduce((s, r) => s + BigInt(r.paidFen), 0n);
    async function* body(): AsyncGenerator<ExportCell[]> {
      for (const r of institutions) {
        yield [
          r.institutionName,
          r.creditCode,
          { fen: r.expectedFen },
          { fen: r.paidFen },
          { fen: r.differenceFen },
          label(PAYMENT_STATE_LABELS, r.state),
          r.payments.map((p) => p.voucherNo).join('、'),
          r.payments.map((p) => p.paidOn).join('、'),
        ];
      }
    }
    const footer = (): Promise<ExportRow[]> =>
      Promise.resolve([{ kind: 'totals', cells: ['合计', '', { fen: expected }, { fen: paid }, { fen: paid - expected }, '', '', ''] }]);
    return tableFile(
      {
        title: `${this.config.districtName}托育补贴对账表 ${settlement.month}`,
        meta: [
          ['月份', settlement.month],
          ['结算编号', settlement.id],
          ['状态', label(SETTLEMENT_STATUS_LABELS, settlement.status)],
          ['对账结果', differing === 0 ? '全部相符' : `${differing} 家机构存在差异`],
        ],
        columns: RECONCILIATION_COLUMNS,
        sheetName: `对账 ${settlement.month}`,
        fileName: { utf8: `${this.config.districtName}托育补贴对账表_${settlement.month}`, ascii: `reconciliation-${settlement.month}` },
        generatedAt: this.clock.now(),
        generatedBy: actor.username,
      },
      format,
      body(),
      footer,
    );
  }

  private recordExport(kind: string, settlementId: string, format: ExportFormat, month: string, filter: object): Promise<void> {
    return this.audit.recordAlone({
      action: 'EXPORT_GENERATED',
      entityType: 'Settlement',
      entityId: settlementId,
      after: { file: kind, format, month, ...filter },
    });
  }
}
