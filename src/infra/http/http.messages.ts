import { fieldLabel } from '../../common/i18n/field-labels';
import { defineMessages } from '../../common/i18n/messages';
import { statusWord } from '../../common/i18n/status-words';

const ENTITY: Record<string, string> = {
  Child: '儿童',
  Grant: '补助',
  Institution: '托育机构',
  Roster: '花名册',
  Settlement: '结算',
  User: '用户',
  Document: '材料',
  Staff: '从业人员',
};

/** Codes of the HTTP layer itself: authentication aside, what any request can get. */
export const HTTP_MESSAGES = defineMessages({
  BAD_REQUEST: { zh: '请求格式不正确（例如编号不是有效的 UUID）' },
  UNAUTHORIZED: { zh: '请先登录' },
  FORBIDDEN: { zh: (p) => `${p.role ? statusWord('role', p.role) : '当前角色'}无权执行此操作` },
  NOT_FOUND: { zh: (p) => (p.entity ? `${ENTITY[String(p.entity)] ?? String(p.entity)}不存在` : '要查找的记录不存在') },
  METHOD_NOT_ALLOWED: { zh: '不支持此请求方法' },
  CONFLICT: { zh: '与当前状态冲突' },
  PAYLOAD_TOO_LARGE: { zh: '请求内容或上传的文件超过了允许的大小' },
  UNSUPPORTED_MEDIA_TYPE: { zh: '不支持的内容类型或编码，请以 JSON（UTF-8）发送' },
  VALIDATION_FAILED: { zh: '提交的内容有误，请按明细逐项修改' },
  UNKNOWN_FIELD: {
    zh: (p) =>
      p.field !== undefined
        ? `${fieldLabel(String(p.field))}（${String(p.field)}）不是可接受的字段`
        : `请求中有不可接受的字段${p.fields ? `：${(p.fields as string[]).join('、')}` : ''}`,
  },
  MALFORMED_JSON: { zh: '请求内容不是有效的 JSON' },
  RATE_LIMITED: { zh: (p) => (p.seconds ? `操作过于频繁，请 ${String(p.seconds)} 秒后再试` : '操作过于频繁，请稍后再试') },
  SERVICE_UNAVAILABLE: {
    zh: (p) =>
      `服务暂时不可用${p.fields ? `（${(p.fields as string[]).map((f) => ({ database: '数据库', redis: 'Redis' })[f] ?? f).join('、')}无法连接）` : ''}，请稍后再试`,
  },
  DUPLICATE: { zh: '已存在相同的记录' },
  CONCURRENT_UPDATE: { zh: '该记录同时被他人修改，请刷新后重试' },
  INTERNAL_ERROR: { zh: '服务器内部错误；报告问题时请提供请求编号（requestId）' },
});
