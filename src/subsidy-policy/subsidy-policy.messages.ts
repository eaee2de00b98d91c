import { defineMessages } from '../common/i18n/messages';

export const SUBSIDY_POLICY_MESSAGES = defineMessages({
  POLICY_EXISTS: {
    zh: (p) =>
      `${p.effectiveFrom ? `${String(p.effectiveFrom)} 起生效的` : '该生效月份的'}补贴标准版本已存在；版本不修改，请新增更晚月份的版本`,
  },
  MONTH_APPROVED: {
    zh: (p) =>
      `${p.month ? `${String(p.month)} 的结算` : '该生效月份之后已有结算'}已审核，${p.effectiveFrom ? `${String(p.effectiveFrom)} 起生效的` : ''}新版本会改变它的补贴规则；请选择更晚的生效月份`,
  },
});
