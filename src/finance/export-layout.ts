import { label, SETTLEMENT_STATUS_LABELS } from '../common/i18n/labels';
import { shanghaiTimestamp } from '../common/month';

/**
 * What the payment file (支付清单) contains, independent of CSV or XLSX: the header block, the columns,
 * one row per institution, the totals row and the control totals a clerk checks by hand.
 */

/** A cell: text, a whole number (counts), or money in fen (shown as yuan with two decimals). */
export type ExportCell = string | number | { fen: number | bigint } | null;

/** Row kinds let the XLSX writer style rows (bold titles, frozen column header) without knowing the content. */
export type ExportRowKind = 'title' | 'meta' | 'blank' | 'columns' | 'institution' | 'line' | 'totals' | 'control' | 'signoff';

export interface ExportRow {
  kind: ExportRowKind;
  cells: ExportCell[];
}

export interface ExportColumn {
  title: string;
  /** XLSX column width in characters (a Chinese character counts about two) */
  width: number;
  type: 'text' | 'count' | 'money';
}

/**
 * The columns. 凭证号 and 支付日期 are left empty for the finance clerk: the list filled in with them is
 * accepted back as the bank file (bank-file.ts skips its totals and sign-off rows).
 */
export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  { title: '机构名称', width: 30, type: 'text' },
  { title: '统一社会信用代码', width: 21, type: 'text' },
  { title: '开户银行', width: 24, type: 'text' },
  { title: '账户名称', width: 30, type: 'text' },
  { title: '银行账号', width: 24, type: 'text' },
  { title: '二孩人数', width: 9, type: 'count' },
  { title: '三孩人数', width: 9, type: 'count' },
  { title: '调整金额(元)', width: 13, type: 'money' },
  { title: '金额(元)', width: 14, type: 'money' },
  { title: '凭证号', width: 16, type: 'text' },
  { title: '支付日期', width: 12, type: 'text' },
];

export const DRAFT_MARK = '草稿/DRAFT';
/** Printed at the top of every page of a draft (the page header of the XLSX). */
export const DRAFT_NOTICE = `${DRAFT_MARK} 未审批，不得据此支付`;

export interface ExportHeader {
  districtName: string;
  month: string;
  settlementId: string;
  status: string;
  /** PUBLISHED, not yet approved: for checking only, not for paying */
  draft: boolean;
  generatedAt: Date;
  generatedBy: string;
}

export function headerBlock(h: ExportHeader): ExportRow[] {
  const title = `${h.districtName}托育机构保育费补贴支付清单 ${h.month}${h.draft ? `（${DRAFT_MARK}，未审批，不得据此支付）` : ''}`;
  return [
    { kind: 'title', cells: [title] },
    { kind: 'meta', cells: ['区县', h.districtName] },
    { kind: 'meta', cells: ['月份', h.month] },
    { kind: 'meta', cells: ['结算编号', h.settlementId] },
    {
      kind: 'meta',
      cells: [
        '状态',
        h.draft ? `${label(SETTLEMENT_STATUS_LABELS, h.status)}（${DRAFT_MARK}）` : label(SETTLEMENT_STATUS_LABELS, h.status),
      ],
    },
    { kind: 'meta', cells: ['生成时间', shanghaiTimestamp(h.generatedAt)] },
    { kind: 'meta', cells: ['生成人', h.generatedBy] },
    { kind: 'blank', cells: [] },
  ];
}

/** 1-based row number of the column header (frozen in XLSX, so it stays visible while scrolling). */
export const COLUMN_HEADER_ROW = 9;

export function columnHeaderRow(): ExportRow {
  return { kind: 'columns', cells: EXPORT_COLUMNS.map((c) => c.title) };
}

export interface ExportInstitution {
  name: string;
  creditCode: string;
  bankName: string | null;
  bankAccountName: string | null;
  bankAccountNumber: string | null;
  paidChildren: number;
  secondChildCount: number;
  thirdChildCount: number;
  adjustmentFen: number;
  amountFen: number;
}

/**
 * Which institutions are listed: those owed something this month, or with subsidised children, or with an
 * adjustment (an institution whose amount was fully offset against an earlier overpayment still appears,
 * with 0.00, so the file explains itself). Institutions with nothing at all are left out.
 */
export function isListed(r: ExportInstitution): boolean {
  return r.amountFen > 0 || r.paidChildren > 0 || r.secondChildCount > 0 || r.thirdChildCount > 0 || r.adjustmentFen !== 0;
}

export function institutionRow(r: ExportInstitution): ExportRow {
  return {
    kind: 'institution',
    cells: [
      r.name,
      r.creditCode,
      r.bankName ?? '',
      r.bankAccountName ?? '',
      r.bankAccountNumber ?? '',
      r.secondChildCount,
      r.thirdChildCount,
      { fen: r.adjustmentFen },
      { fen: r.amountFen },
      '',
      '',
    ],
  };
}

/** Running totals of the listed rows; BigInt so no month can overflow them. */
export class ExportTotals {
  institutions = 0;
  secondChildren = 0;
  thirdChildren = 0;
  adjustmentFen = 0n;
  amountFen = 0n;

  add(r: ExportInstitution): void {
    this.institutions += 1;
    this.secondChildren += r.secondChildCount;
    this.thirdChildren += r.thirdChildCount;
    this.adjustmentFen += BigInt(r.adjustmentFen);
    this.amountFen += BigInt(r.amountFen);
  }

  /** 儿童数 = 二孩人数 + 三孩人数 summed, so it can be checked against the two columns by hand. */
  get children(): number {
    return this.secondChildren + this.thirdChildren;
  }

  toJSON() {
    return {
      institutions: this.institutions,
      children: this.children,
      secondChildren: this.secondChildren,
      thirdChildren: this.thirdChildren,
      adjustmentFen: Number(this.adjustmentFen),
      amountFen: Number(this.amountFen),
    };
  }
}

export function totalsBlock(t: ExportTotals): ExportRow[] {
  return [
    {
      kind: 'totals',
      cells: ['合计', '', '', '', '', t.secondChildren, t.thirdChildren, { fen: t.adjustmentFen }, { fen: t.amountFen }, '', ''],
    },
    { kind: 'blank', cells: [] },
    { kind: 'title', cells: ['控制合计'] },
    { kind: 'control', cells: ['机构数', t.institutions] },
    { kind: 'control', cells: ['儿童数', t.children] },
    { kind: 'control', cells: ['金额合计(元)', { fen: t.amountFen }] },
    ...signOffBlock(),
  ];
}

/** Where the people who prepare, check and approve the payment sign, and the unit's seal. */
export function signOffBlock(): ExportRow[] {
  return [
    { kind: 'blank', cells: [] },
    { kind: 'signoff', cells: ['经办人：', '', '复核人：', '', '审批人：', '', '', '单位盖章：'] },
    { kind: 'signoff', cells: ['日期：', '', '日期：', '', '日期：', '', '', '日期：'] },
  ];
}

export type ExportFormat = 'csv' | 'xlsx';

/** The file name in Chinese (filename*) and an ASCII fallback (filename) for clients without RFC 6266 support. */
export function exportFileNames(h: Pick<ExportHeader, 'districtName' | 'month' | 'draft'>, format: ExportFormat) {
  return {
    utf8: `${h.districtName}托育补贴支付清单_${h.month}${h.draft ? '_草稿' : ''}.${format}`,
    ascii: `childcare-subsidy-payments-${h.month}${h.draft ? '-DRAFT' : ''}.${format}`,
  };
}

/** RFC 6266 / RFC 5987 Content-Disposition with both names. */
export function contentDisposition(names: { utf8: string; ascii: string }): string {
  const encoded = encodeURIComponent(names.utf8).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${names.ascii}"; filename*=UTF-8''${encoded}`;
}
