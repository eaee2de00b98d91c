import { fieldLabel } from '../common/i18n/field-labels';
import { defineMessages } from '../common/i18n/messages';
import { statusWord } from '../common/i18n/status-words';

/** What is wrong with a unified social credit code (checkCreditCode's answer). */
const CREDIT_CODE_PROBLEMS: Record<string, string> = {
  FORMAT: '统一社会信用代码应为 18 位，由数字 0–9 和字母 A–Y（不含 I、O、S、V、Z）组成',
  ORG_CODE_CHECK: '统一社会信用代码中的组织机构代码（第 9–17 位）校验不通过（GB 11714）',
  CHECK_CHARACTER: '统一社会信用代码的最后一位校验码不正确（GB 32100-2015）',
};

/** The filing actions as refusals name them. */
const ACTIONS: Record<string, string> = {
  submit: '提交备案',
  approve: '通过备案',
  return: '退回备案',
  suspend: '暂停',
  reinstate: '恢复',
  close: '关闭',
};

export const REGISTRY_MESSAGES = defineMessages({
  CREDIT_CODE_TAKEN: {
    zh: (p) => (p.creditCode ? `统一社会信用代码为 ${String(p.creditCode)} 的机构已登记` : '该统一社会信用代码的机构已登记'),
  },
  CREDIT_CODE_INVALID: {
    zh: (p) => CREDIT_CODE_PROBLEMS[String(p.problem)] ?? '统一社会信用代码不正确（应为 18 位，校验码符合 GB 32100-2015）',
  },
  FIELD_NOT_ALLOWED: {
    zh: (p) =>
      p.fields
        ? `不允许修改：${(p.fields as string[]).map(fieldLabel).join('、')}`
        : p.field
          ? `不允许修改${fieldLabel(String(p.field))}`
          : '有不允许修改的字段',
  },
  FILING_INCOMPLETE: { zh: '备案信息不完整，请补全明细中列出的各项后再提交' },
  INSTITUTION_NOT_EDITABLE: {
    zh: (p) => `机构${p.status ? `当前为“${statusWord('institution', p.status)}”` : '当前状态下'}，经办人只能在草稿或被退回时修改机构信息`,
  },
  INSTITUTION_NOT_FILED: {
    zh: (p) => `只有已备案的机构才能办理此事项${p.status ? `（该机构当前为“${statusWord('institution', p.status)}”）` : ''}`,
  },
  INVALID_STATE_TRANSITION: {
    zh: (p) =>
      p.status
        ? `机构当前为“${statusWord('institution', p.status)}”，不能${ACTIONS[String(p.action)] ?? '办理此操作'}`
        : '机构当前的状态不允许此操作',
  },
  MONTH_LOCKED: {
    zh: (p) =>
      p.settledBy && p.settledBy !== p.month
        ? `${String(p.month)} 之后的 ${String(p.settledBy)} 结算已审核，${String(p.month)} 已成为历史月份，不能再更改；更正请通过重新打开已锁定的花名册办理`
        : `${p.month ? `${String(p.month)} 的结算` : '涉及月份的结算'}已审核，不能再更改；更正请通过重新打开已锁定的花名册办理`,
  },
  REQUIRED_FOR_APPROVAL: { zh: '备案审核前必须填写核定托位数（至少 1 个）' },
  REQUIRED_FOR_SUBMISSION: { zh: (p) => `提交备案前必须填写${fieldLabel(String(p.field ?? ''))}` },
  TOWNSHIP_CODE_INVALID: { zh: '乡镇（街道）代码应为 1–32 位字母、数字、_ 或 -' },
});
