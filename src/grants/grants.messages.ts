import { defineMessages } from '../common/i18n/messages';
import { statusWord, yuanWords } from '../common/i18n/status-words';

export const GRANTS_MESSAGES = defineMessages({
  GRANT_EXISTS: { zh: '该机构已有同类补助（建设补助每个机构最多一次）' },
  GRANT_POLICY_EXISTS: {
    zh: (p) =>
      `${p.year ? `${String(p.year)} 年起生效的` : ''}${p.source ? statusWord('source', p.source) : ''}${p.kind ? statusWord('grantKind', p.kind) : '补助'}政策已存在；政策不修改，请新增以后年度的版本`,
  },
  GRANT_NOT_PENDING: { zh: (p) => `只能审批待审批的补助${p.status ? `（此补助当前为“${statusWord('grant', p.status)}”）` : ''}` },
  GRANT_NOT_APPROVED: { zh: (p) => `只能对已批准的补助登记拨付${p.status ? `（此补助当前为“${statusWord('grant', p.status)}”）` : ''}` },
  GRANT_FULLY_DISBURSED: { zh: '该补助已全额拨付' },
  OVER_DISBURSEMENT: {
    zh: (p) =>
      p.outstandingFen !== undefined
        ? `该资金来源尚未拨付 ${yuanWords(p.outstandingFen as number)}，本次拨付 ${yuanWords(p.amountFen as number)} 超过了补助金额`
        : '拨付金额超过了该资金来源尚未拨付的余额',
  },
  NO_SUCH_COMPONENT: { zh: '该补助没有此资金来源' },
  NO_GRANT_POLICY: { zh: '该年度没有生效的建设补助政策' },
  FOUR_EYES: { zh: '双人复核：补助的创建人不能审批自己创建的补助，请由另一位管理员审批' },
  BUDGET_EXCEEDED: {
    zh: (p) =>
      p.remainingFen !== undefined
        ? `${String(p.year)} 年${statusWord('source', p.source)}预算余额 ${yuanWords(p.remainingFen as bigint)}，本补助需要 ${yuanWords(p.amountFen as number)}，预算不足`
        : '预算余额不足',
  },
  BUDGET_BELOW_COMMITTED: {
    zh: (p) =>
      p.committedFen !== undefined
        ? `已批准的补助已占用 ${String(p.year)} 年${statusWord('source', p.source)}预算 ${yuanWords(p.committedFen as bigint)}，预算不能设为 ${yuanWords(p.amountFen as number)}`
        : '预算不能低于已批准补助占用的金额',
  },
  NOT_ALLOWED: { zh: '此项不允许填写' },
  NOT_CONFIGURABLE: { zh: '先进机构奖励的金额由管理员逐笔填写，不由政策设定' },
  NOT_FILED: { zh: (p) => `机构未处于备案状态${p.status ? `（当前为“${statusWord('institution', p.status)}”）` : ''}` },
  NOT_PUBLIC: { zh: (p) => `机构不是公办机构${p.kind ? `（为${statusWord('kind', p.kind)}）` : ''}` },
  NOT_INDEPENDENT: { zh: '机构不是独立设置的' },
  NOT_DISTRICT_LEVEL: { zh: '机构不是区级机构' },
  NOT_INCLUSIVE: { zh: '机构本月没有普惠认定' },
});
