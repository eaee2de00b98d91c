/**
 * Chinese labels of the API's codes, in one place for the whole console. The codes stay stable (docs/api.md); only
 * what people read is translated here. (A server-side catalogue may later answer these too; until then the
 * console does not depend on it.)
 */
export type Role = 'admin' | 'operator' | 'finance' | 'auditor';

export const ROLE_LABELS: Record<Role, string> = {
  admin: '区卫生健康局',
  operator: '机构经办人',
  finance: '区财政局',
  auditor: '审计',
};

export type InstitutionKind = 'PUBLIC' | 'PRIVATE' | 'KINDERGARTEN_CLASS' | 'EMPLOYER' | 'COMMUNITY';

export const INSTITUTION_KIND_LABELS: Record<InstitutionKind, string> = {
  PUBLIC: '公办',
  PRIVATE: '民办',
  KINDERGARTEN_CLASS: '幼儿园托班',
  EMPLOYER: '机关/企事业单位办',
  COMMUNITY: '社区办',
};

export const INSTITUTION_STATUS_LABELS: Record<string, string> = {
  DRAFT: '草稿（未提交）',
  SUBMITTED: '已提交，待审核',
  FILED: '已备案',
  RETURNED: '已退回',
  SUSPENDED: '已暂停',
  CLOSED: '已关停',
};

export const ROSTER_STATUS_LABELS: Record<string, string> = {
  DRAFT: '草稿（未提交）',
  SUBMITTED: '已提交，待审核',
  APPROVED: '审核通过',
  RETURNED: '已退回',
  LOCKED: '已结算锁定',
  MISSING: '未报送',
};

export const SETTLEMENT_STATUS_LABELS: Record<string, string> = {
  QUEUED: '排队中',
  RUNNING: '计算中',
  COMPUTED: '已计算',
  PUBLISHED: '公示中',
  APPROVED: '已审定',
  PAID: '已拨付',
  FAILED: '计算失败',
};

export const LINE_REASON_LABELS: Record<string, string> = {
  PAID_SECOND_CHILD: '二孩补贴',
  PAID_THIRD_CHILD: '三孩及以上补贴',
  FIRST_CHILD: '一孩，不享受补贴',
  OVER_AGE: '已满3周岁',
  INSUFFICIENT_ATTENDANCE: '出勤天数不足',
  INSTITUTION_NOT_ELIGIBLE: '机构当月未备案或非普惠',
  PAID_ELSEWHERE: '当月已由其他机构领取',
  ADJUSTMENT: '以前月份更正调整',
};

export const PAYMENT_STATE_LABELS: Record<string, string> = {
  UNPAID: '未拨付',
  UNDERPAID: '少拨（部分拨付）',
  PAID: '已足额拨付',
  OVERPAID: '多拨',
  PAID_NOT_OWED: '无应拨款但已拨付',
  NOTHING_OWED: '无应拨款',
};

export const INSPECTION_KIND_LABELS: Record<string, string> = {
  SAFETY: '安全检查',
  FIRE: '消防检查',
  HYGIENE: '卫生检查',
  SERVICE: '服务质量检查',
};

export const INSPECTION_RESULT_LABELS: Record<string, string> = {
  PASSED: '合格',
  RECTIFICATION_REQUIRED: '限期整改',
  FAILED: '不合格',
};

export const BIRTH_ORDER_LABELS: Record<number, string> = { 1: '一孩', 2: '二孩', 3: '三孩' };

export function birthOrderLabel(order: number): string {
  return BIRTH_ORDER_LABELS[order] ?? `${order}孩`;
}

/** Field names as operators know them (roster columns and filing form). */
export const FIELD_LABELS: Record<string, string> = {
  idNumber: '身份证号',
  name: '姓名',
  birthOrder: '孩次',
  guardianName: '监护人',
  guardianPhone: '联系电话',
  enrolledOn: '入托日期',
  withdrawnOn: '离托日期',
  attendanceDays: '出勤天数',
  file: '文件',
  entries: '花名册',
  month: '月份',
  kind: '机构类型',
  independent: '独立设置',
  districtLevel: '区级',
  township: '所在乡镇（街道）',
  address: '地址',
  approvedSlots: '核定托位数',
  creditCode: '统一社会信用代码',
  bankAccount: '收款账户',
  'bankAccount.bankName': '开户银行',
  'bankAccount.accountName': '账户名称',
  'bankAccount.accountNumber': '银行账号',
  username: '用户名',
  password: '密码',
  reason: '原因',
  payments: '支付记录',
  institutionId: '机构',
  amountFen: '金额',
  voucherNo: '凭证号',
  paidOn: '支付日期',
  source: '资金来源',
};

/** `entries.3.idNumber` → `身份证号`; unknown fields are shown as sent. */
export function fieldLabel(field: string): string {
  if (FIELD_LABELS[field]) return FIELD_LABELS[field];
  const last = field.split('.').filter((part) => !/^\d+$/.test(part));
  const joined = last.join('.');
  return FIELD_LABELS[joined] ?? FIELD_LABELS[last[last.length - 1]] ?? field;
}

/** A label for a code, or the code itself when the console does not know it yet (never an empty cell). */
export function labelOf(labels: Record<string, string> | Record<InstitutionKind, string>, code: string | null | undefined): string {
  if (code === null || code === undefined) return '—';
  return (labels as Record<string, string>)[code] ?? code;
}

/** Filing document kinds (备案材料), as src/documents/document-kinds.ts names them. */
export const DOCUMENT_KIND_LABELS: Record<string, string> = {
  BUSINESS_LICENSE: '营业执照或法人登记证书',
  PREMISES: '场地证明',
  FIRE_SAFETY: '消防安全检查合格证明',
  HEALTH_EVALUATION: '卫生评价报告',
  STAFF_CERTIFICATES: '从业人员资格证书及健康证明',
  FOOD_LICENSE: '食品经营许可证',
  FILING_FORM: '备案书',
  COMMITMENT: '承诺书',
  OTHER: '其他材料',
};

/** Roles in the staff register (从业人员), as src/staff names them. */
export const STAFF_ROLE_LABELS: Record<string, string> = {
  DIRECTOR: '负责人',
  CAREGIVER: '保育人员',
  HEALTH_CARE: '保健人员',
  COOK: '炊事人员',
  SECURITY: '安保人员',
  OTHER: '其他',
};

export const DISCREPANCY_KIND_LABELS: Record<string, string> = {
  UNDERPAID: '少拨',
  OVERPAID: '多拨',
  PAID_NOT_OWED: '无应拨款但已拨付',
};

export const REPORTING_STATUS_LABELS: Record<string, string> = { ...ROSTER_STATUS_LABELS, MISSING: '未报送' };

/** Audit actions people look for most; any other action is shown as its code. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  LOGIN_FAILED: '登录失败',
  ACCESS_DENIED: '拒绝访问',
  USER_CREATED: '创建用户',
  USER_UPDATED: '修改用户',
  INSTITUTION_CREATED: '登记机构',
  INSTITUTION_UPDATED: '机构信息或状态变更',
  INSPECTION_RECORDED: '记录检查',
  CREDIT_RATING_RECORDED: '记录信用评价',
  ROSTER_CREATED: '创建花名册',
  ROSTER_UPDATED: '修改花名册',
  ROSTER_SUBMITTED: '提交花名册',
  ROSTER_APPROVED: '审核通过花名册',
  ROSTER_RETURNED: '退回花名册',
  ROSTER_LOCKED: '花名册结算锁定',
  ROSTER_REOPENED: '重开花名册（更正）',
  CHILD_LOOKED_UP: '查询儿童',
  CHILD_ID_NUMBER_REVEALED: '查看完整身份证号',
  CHILD_BIRTH_ORDER_CORRECTED: '更正孩次',
  CHILD_NAME_CORRECTED: '更正姓名',
  BIRTH_ORDER_CLAIMS_CONFLICTING: '孩次申报冲突',
  SUBSIDY_POLICY_CREATED: '新增补贴标准',
  SETTLEMENT_QUEUED: '发起结算',
  SETTLEMENT_STARTED: '开始计算',
  SETTLEMENT_COMPUTED: '结算计算完成',
  SETTLEMENT_FAILED: '结算计算失败',
  SETTLEMENT_PUBLISHED: '结算公示',
  SETTLEMENT_APPROVED: '结算审定',
  SETTLEMENT_PAID: '结算拨付完毕',
  EXPORT_GENERATED: '导出文件',
  PAYMENTS_RECORDED: '录入支付',
  GRANT_CREATED: '创建补助',
  GRANT_APPROVED: '审批通过补助',
  GRANT_REJECTED: '驳回补助',
  GRANT_DISBURSEMENT_RECORDED: '录入补助拨付',
  GRANT_POLICY_CREATED: '新增补助标准',
  BUDGET_SET: '设定预算',
  INCLUSIVE_DESIGNATED: '认定普惠',
  INCLUSIVE_ENDED: '终止普惠认定',
  TOWNSHIP_CREATED: '新增乡镇',
  TOWNSHIP_UPDATED: '修改乡镇',
  DOCUMENT_DOWNLOADED: '下载备案材料',
  DOCUMENT_REMOVED: '删除备案材料',
  STAFF_ADDED: '登记从业人员',
  STAFF_ENDED: '从业人员离岗',
  CAREGIVER_RATIO_POLICY_CREATED: '新增保育人员配比标准',
};

export const ENTITY_TYPE_LABELS: Record<string, string> = {
  Roster: '花名册',
  Institution: '机构',
  Settlement: '结算',
  Payment: '支付',
  User: '用户',
  Child: '儿童',
  Grant: '补助与奖励',
  Session: '登录会话',
  Document: '备案材料',
  Staff: '从业人员',
  SubsidyPolicy: '补贴标准',
  GrantPolicy: '补助标准',
  Budget: '预算',
  AuditLog: '审计日志',
  CaregiverRatioPolicy: '保育人员配比标准',
  Township: '乡镇（街道）',
  Route: '接口',
};

/** Funding sources of grants and budgets. */
export const FUNDING_SOURCE_LABELS: Record<string, string> = { CITY: '市级', DISTRICT: '区级' };

/** Grant states, as the finance and bureau pages show them. */
export const GRANT_STATUS_LABELS: Record<string, string> = {
  PENDING: '待审批',
  APPROVED: '已审批',
  DISBURSED: '已拨付',
  REJECTED: '已驳回',
};

export const GRANT_KIND_LABELS: Record<string, string> = { CONSTRUCTION: '建设补助', ADVANCED_AWARD: '示范奖励' };
