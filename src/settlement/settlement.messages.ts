import { defineMessages } from '../common/i18n/messages';
import { statusWord } from '../common/i18n/status-words';

export const SETTLEMENT_MESSAGES = defineMessages({
  MONTH_NOT_OVER: { zh: '只能结算已经结束的月份' },
  INVALID_STATE: {
    zh: (p) =>
      p.needs
        ? `只有${statusWord('settlement', p.needs)}的结算才能办理此操作（此结算当前为“${statusWord('settlement', p.status)}”）`
        : '结算当前的状态不允许此操作',
  },
  EARLIER_MONTH_NOT_APPROVED: { zh: (p) => `请先审核更早的月份${p.months ? `：${(p.months as string[]).join('、')}` : ''}` },
  SETTLEMENT_APPROVED: {
    zh: (p) =>
      `${p.month ? `${String(p.month)} 的` : '该月'}结算${p.status ? statusWord('settlement', p.status) : '已审核'}；更正将作为调整计入以后的月份`,
  },
  SETTLEMENT_FAILED: { zh: '结算计算失败，请检查数据后重新计算' },
  // a failed run's failureCode (the settlement's failureReason holds the sentence with the month filled in)
  NO_POLICY_IN_FORCE: {
    zh: (p) => `${p.month ? `${String(p.month)} ` : '该月'}没有生效的补贴标准：请先添加自该月或更早生效的补贴标准版本，再重新发起结算`,
  },
  COMPUTE_ERROR: { zh: '结算计算出错，已自动重试仍未成功。请稍后重新发起该月结算；如再次失败，请联系系统管理员查看日志' },
  SETTLEMENT_STALE: {
    zh: (p) =>
      Array.isArray(p.changes) && p.changes.length
        ? `结算所依据的数据在计算后已变化，请重新计算后再审核：${(p.changes as string[]).join('；')}`
        : '结算计算后数据已有变化，请重新计算后再审核',
    en: (p) =>
      `The settlement must be re-run before approval: what it was computed from has changed${
        Array.isArray(p.changes) ? ` (${(p.changes as string[]).length} change(s))` : ''
      }`,
  },
  LATER_MONTH_APPROVED: {
    zh: (p) =>
      `${p.laterMonth ? `${String(p.laterMonth)} 的` : '更晚月份的'}结算已审核，${p.month ? String(p.month) : '该月'} 不能再结算或审核；` +
      '该月迟报或更正的名册将在下一个未审核月份的结算中作为调整补发',
    en: (p) =>
      `The settlement of ${String(p.laterMonth ?? 'a later month')} is approved: ${String(p.month ?? 'this month')} can no longer be ` +
      'settled or approved; its late or corrected rosters are paid as adjustments by the next open month',
  },
});
