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
  SETTLEMENT_STALE: { zh: '结算计算后数据已有变化，请重新计算后再审核' },
});
