import { defineMessages } from '../common/i18n/messages';
import { statusWord } from '../common/i18n/status-words';

/** The roster actions as refusals name them. */
const VERBS: Record<string, string> = {
  edited: '修改',
  submitted: '提交',
  approved: '审核通过',
  returned: '退回',
  reopened: '重新打开',
  deleted: '删除',
};

export const ROSTERS_MESSAGES = defineMessages({
  ROSTER_EXISTS: { zh: (p) => `该机构${p.month ? ` ${String(p.month)} ` : '本月'}的花名册已存在，请直接修改` },
  ROSTER_STATE: {
    zh: (p) =>
      p.status
        ? `花名册当前为“${statusWord('roster', p.status)}”，不能${VERBS[String(p.verb)] ?? '办理此操作'}（只有${(p.allowed as string[]).map((s) => statusWord('roster', s)).join('或')}的花名册可以）`
        : '花名册当前的状态不允许此操作',
  },
  ROSTER_LOCKED: { zh: (p) => `该花名册所在月份已结算（已锁定），不能${VERBS[String(p.verb)] ?? '修改'}；如需更正请重新打开` },
  CORRECTION_OPEN: { zh: '该机构本月已有一份正在办理的更正，请先办完' },
  NOT_LATEST_VERSION: { zh: (p) => `此花名册已有更新的版本${p.version ? `（第 ${String(p.version)} 版）` : ''}，请重新打开最新版本` },
  EMPTY_ROSTER: { zh: '文件只有表头，没有儿童名单；未保存任何内容，请填写名单后重新上传' },
  TOO_MANY_ENTRIES: { zh: '花名册人数超过上限，请拆分或核对' },
  DUPLICATE_IN_ROSTER: { zh: '同一儿童在花名册中重复出现' },
  BIRTH_ORDER_INVALID: { zh: '孩次应为 1 到 9 的整数' },
  BIRTH_ORDER_CLAIMS_LIMITED: {
    zh: '名册中与已确认孩次不一致的填报过多，暂停上报名册，请稍后再试；如孩次确有变化，请联系区卫生健康局更正',
  },
  BIRTH_ORDER_CONFLICT: { zh: '孩次与该儿童已确认的信息不一致；如确认有误，请联系区卫生健康局更正' },
  ATTENDANCE_OUT_OF_RANGE: { zh: '出勤天数超出本月天数范围' },
  OVER_CAPACITY: { zh: '本月在托儿童人数超过核定托位数' },
  PHONE_INVALID: { zh: '联系电话格式不正确' },
  TOO_LONG: { zh: '内容过长' },
});
