/**
 * Chinese words for the enum values people read in files (and, where wanted, next to the codes in answers).
 * The codes stay the stable values; these are only how they are shown. An unknown value is shown as itself.
 */

export const SETTLEMENT_STATUS_LABELS: Record<string, string> = {
  QUEUED: '排队中',
  RUNNING: '计算中',
  COMPUTED: '已计算',
  PUBLISHED: '已公示',
  APPROVED: '已审核',
  PAID: '已支付',
  FAILED: '计算失败',
};

export const ROSTER_STATUS_LABELS: Record<string, string> = {
  DRAFT: '草稿',
  SUBMITTED: '已提交',
  APPROVED: '已审核',
  RETURNED: '已退回',
  LOCKED: '已锁定',
  MISSING: '未上报',
};

export const LINE_REASON_LABELS: Record<string, string> = {
  PAID_SECOND_CHILD: '二孩补贴',
  PAID_THIRD_CHILD: '三孩及以上补贴',
  FIRST_CHILD: '一孩（不补贴）',
  OVER_AGE: '超过年龄（不补贴）',
  INSUFFICIENT_ATTENDANCE: '出勤不足（不补贴）',
  INSTITUTION_NOT_ELIGIBLE: '机构不符合条件（不补贴）',
  PAID_ELSEWHERE: '已在其他机构享受（不补贴）',
  ADJUSTMENT: '更正调整',
};

export const PAYMENT_STATE_LABELS: Record<string, string> = {
  PAID: '已足额支付',
  UNPAID: '未支付',
  UNDERPAID: '少付',
  OVERPAID: '多付',
  PAID_NOT_OWED: '不应支付而已支付',
  NOTHING_OWED: '无应付金额',
};

export const ROLE_LABELS: Record<string, string> = {
  admin: '卫健局管理员',
  operator: '机构经办人',
  finance: '财政局',
  auditor: '审计',
  system: '系统',
  anonymous: '匿名',
};

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  ACCESS_DENIED: '拒绝访问',
  BUDGET_SET: '设置预算',
  CHILD_BIRTH_ORDER_CORRECTED: '更正孩次',
  CHILD_ID_NUMBER_REVEALED: '查看完整身份证号',
  CHILD_LOOKED_UP: '按身份证号查询儿童',
  CHILD_NAME_CORRECTED: '更正姓名',
  CREDIT_RATING_RECORDED: '记录信用评价',
  EXPORT_GENERATED: '导出文件',
  GRANT_APPROVED: '审核通过补助',
  GRANT_CREATED: '创建补助',
  GRANT_DISBURSEMENT_RECORDED: '记录补助拨付',
  GRANT_POLICY_CREATED: '创建补助政策',
  GRANT_REJECTED: '驳回补助',
  INCLUSIVE_DESIGNATED: '认定普惠',
  INCLUSIVE_ENDED: '终止普惠认定',
  INSPECTION_RECORDED: '记录检查',
  INSTITUTION_CREATED: '创建机构',
  INSTITUTION_UPDATED: '修改机构',
  LOGIN_FAILED: '登录失败',
  PAYMENTS_RECORDED: '录入支付',
  ROSTER_APPROVED: '审核通过名册',
  ROSTER_CREATED: '上报名册',
  ROSTER_LOCKED: '锁定名册',
  ROSTER_REOPENED: '更正名册',
  ROSTER_RETURNED: '退回名册',
  ROSTER_SUBMITTED: '提交名册',
  ROSTER_UPDATED: '修改名册',
  SETTLEMENT_APPROVED: '审核结算',
  SETTLEMENT_COMPUTED: '结算计算完成',
  SETTLEMENT_FAILED: '结算失败',
  SETTLEMENT_PAID: '结算已支付',
  SETTLEMENT_PUBLISHED: '公示结算',
  SETTLEMENT_QUEUED: '发起结算',
  SETTLEMENT_STARTED: '开始计算',
  SUBSIDY_POLICY_CREATED: '创建补贴标准',
  TOWNSHIP_CREATED: '新增乡镇',
  TOWNSHIP_UPDATED: '修改乡镇',
  USER_CREATED: '创建用户',
  USER_UPDATED: '修改用户',
};

export const INSTITUTION_STATUS_LABELS: Record<string, string> = {
  DRAFT: '草稿',
  SUBMITTED: '已提交待审核',
  FILED: '已备案',
  RETURNED: '已退回',
  SUSPENDED: '已暂停',
  CLOSED: '已关闭',
};

export const GRANT_STATUS_LABELS: Record<string, string> = {
  PENDING: '待审批',
  APPROVED: '已批准',
  DISBURSED: '已拨付',
  REJECTED: '已驳回',
};

export const FUNDING_SOURCE_LABELS: Record<string, string> = { CITY: '市级资金', DISTRICT: '区级资金' };

export const INSTITUTION_KIND_LABELS: Record<string, string> = {
  PUBLIC: '公办',
  PRIVATE: '民办',
  KINDERGARTEN_CLASS: '幼儿园托班',
  EMPLOYER: '用人单位办',
  COMMUNITY: '社区办',
};

export const GRANT_KIND_LABELS: Record<string, string> = { CONSTRUCTION: '建设补助', ADVANCED_AWARD: '先进机构奖励' };

export function label(labels: Record<string, string>, value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return labels[value] ?? value;
}
