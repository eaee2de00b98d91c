import { defineMessages } from '../common/i18n/messages';
import { statusWord, yuanWords } from '../common/i18n/status-words';

export const FINANCE_MESSAGES = defineMessages({
  FILE_REQUIRED: { zh: '请以 multipart 字段“file”上传银行回单文件（.csv 或 .xlsx）' },
  SETTLEMENT_NOT_APPROVED: {
    zh: (p) => `只有已审核的结算才能登记支付或对账${p.status ? `（此结算当前为“${statusWord('settlement', p.status)}”）` : ''}`,
  },
  SETTLEMENT_NOT_EXPORTABLE: {
    zh: (p) => `结算审核后才有支付清单（公示期间可下载草稿）${p.status ? `；此结算当前为“${statusWord('settlement', p.status)}”` : ''}`,
  },
  AMOUNT_NOT_POSITIVE: { zh: '金额应为正整数（单位：分）' },
  DATE_IN_FUTURE: { zh: '支付日期不能晚于今天' },
  DUPLICATE_VOUCHER: { zh: (p) => (p.voucherNo ? `凭证号 ${String(p.voucherNo)} 已经登记过` : '同一凭证号出现了不止一次') },
  VOUCHER_ALREADY_RECORDED: { zh: '该凭证号已登记过不同的支付信息' },
  VOUCHER_INVALID: { zh: '凭证号被存成了丢失位数的数字；请把该列设置为“文本”格式后重新填写' },
  UNKNOWN_INSTITUTION: { zh: '该机构不在本月结算之中' },
  NOT_RECONCILED: {
    zh: (p) => `${p.count ? `尚有 ${String(p.count)} 家机构` : '有机构'}的实付金额与应付金额不一致，不能结清；请按明细核对支付记录`,
  },
  // the discrepancies of a settlement that cannot be closed (details of NOT_RECONCILED)
  UNDERPAID: { zh: (p) => `${payee(p)}少付：应付 ${money(p.expectedFen)}，实付 ${money(p.paidFen)}` },
  OVERPAID: { zh: (p) => `${payee(p)}多付：应付 ${money(p.expectedFen)}，实付 ${money(p.paidFen)}` },
  PAID_NOT_OWED: { zh: (p) => `${payee(p)}本月无应付金额，却登记了 ${money(p.paidFen)} 的支付` },
  HEADER_MISSING: { zh: '找不到表头行：银行回单需要“统一社会信用代码”“金额（元）”（或“金额（分）”）“凭证号”“支付日期”列' },
  FILE_EMPTY: { zh: '文件只有表头，没有支付记录' },
  TOO_MANY_ROWS: { zh: '一个银行回单文件的支付笔数超过上限，请拆分后上传' },
  COLUMN_AMBIGUOUS: { zh: '金额只能填写一次：“金额（元）”或“金额（分）”二选一' },
});

function payee(p: Record<string, unknown>): string {
  return p.institutionName ? `${String(p.institutionName)}${p.creditCode ? `（${String(p.creditCode)}）` : ''}` : '该机构';
}

function money(fen: unknown): string {
  return typeof fen === 'number' || typeof fen === 'bigint' ? yuanWords(fen) : '—';
}
