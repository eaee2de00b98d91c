/** Chinese words for the workflow statuses, by the record they belong to (the same code reads differently). */
const WORDS = {
  institution: { DRAFT: '草稿', SUBMITTED: '已提交待审核', FILED: '已备案', RETURNED: '已退回', SUSPENDED: '已暂停', CLOSED: '已关闭' },
  roster: { DRAFT: '草稿', SUBMITTED: '已提交待审核', APPROVED: '已审核', RETURNED: '已退回', LOCKED: '已锁定（已结算）' },
  settlement: {
    QUEUED: '排队中',
    RUNNING: '计算中',
    COMPUTED: '已计算',
    PUBLISHED: '公示中',
    APPROVED: '已审核',
    PAID: '已支付',
    FAILED: '计算失败',
  },
  grant: { PENDING: '待审批', APPROVED: '已批准', DISBURSED: '已拨付', REJECTED: '已驳回' },
  role: { admin: '区卫生健康局管理员', operator: '机构经办人', finance: '区财政局', auditor: '审计人员' },
  source: { CITY: '市级资金', DISTRICT: '区级资金' },
  kind: { PUBLIC: '公办', PRIVATE: '民办', KINDERGARTEN_CLASS: '幼儿园托班', EMPLOYER: '用人单位办', COMMUNITY: '社区办' },
  grantKind: { CONSTRUCTION: '建设补助', ADVANCED_AWARD: '先进机构奖励' },
} as const;

export type WordSet = keyof typeof WORDS;

/** The Chinese word for a code of a set (`statusWord('settlement', 'PUBLISHED')` → 公示中); the code itself if unknown. */
export function statusWord(set: WordSet, code: unknown): string {
  return (WORDS[set] as Record<string, string>)[String(code)] ?? String(code);
}

/** Fen as people read an amount in a sentence: 1234567 → "12,345.67 元". */
export function yuanWords(fen: number | bigint): string {
  const value = BigInt(fen);
  const abs = value < 0n ? -value : value;
  const int = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value < 0n ? '-' : ''}${int}.${(abs % 100n).toString().padStart(2, '0')} 元`;
}
