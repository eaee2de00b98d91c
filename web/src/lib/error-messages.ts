import type { ApiError, ErrorDetail } from '../api/errors';
import { fieldLabel } from './labels';

/**
 * The Chinese message of a server error. The server's own message is shown when it is Chinese (roster checks
 * are); otherwise the console's text for the code, then for the status. Codes stay as the server sent them.
 */
const HAS_CHINESE = /[\u4e00-\u9fff]/;

const BY_CODE: Record<string, string> = {
  NETWORK_ERROR: '无法连接服务器，请检查网络后重试',
  INVALID_CREDENTIALS: '用户名或密码错误',
  TOKEN_MISSING: '请先登录',
  TOKEN_INVALID: '登录已失效，请重新登录',
  TOKEN_REVOKED: '登录已失效（账号可能已停用或密码已更改），请重新登录',
  SESSION_EXPIRED: '登录已失效（超时、已退出、账号已停用或密码已更改），请重新登录',
  CSRF_TOKEN_INVALID: '页面已过期，请刷新页面后重试',
  RATE_LIMITED: '尝试次数过多，请稍后再试',
  FORBIDDEN: '您的账号无权进行此操作',
  NOT_FOUND: '未找到该记录（可能不存在，或不属于您的机构）',
  VALIDATION_FAILED: '填写的内容有误，请按下表逐项修改',
  FILING_INCOMPLETE: '备案信息不完整，请补填下列各项后再提交',
  HEADER_INVALID: '文件表头不正确，请使用花名册模板的表头',
  TOO_MANY_ENTRIES: '花名册人数超过上限，请拆分或核对',
  INVALID_STATE_TRANSITION: '当前状态下不能进行此操作，请刷新页面查看最新状态',
  INVALID_STATE: '当前状态下不能进行此操作，请刷新页面查看最新状态',
  INSTITUTION_NOT_EDITABLE: '备案已提交或已通过，当前不能修改',
  INSTITUTION_NOT_FILED: '机构尚未完成备案，暂不能报送花名册',
  FIELD_NOT_ALLOWED: '您无权修改其中的某些项目',
  ROSTER_EXISTS: '该月的花名册已存在，请在下方查看或替换',
  ROSTER_STATE: '花名册当前状态下不能进行此操作（已提交、已审核或已锁定）',
  NOT_LATEST_VERSION: '这不是该月花名册的最新版本，请刷新页面',
  CORRECTION_OPEN: '该月已有一个更正版本正在办理',
  MONTH_LOCKED: '该月已结算锁定，不能修改；更正以调整款在以后月份结算',
  FILE_REQUIRED: '请选择要上传的文件',
  PAYLOAD_TOO_LARGE: '文件太大，超过了允许的大小',
  UNSUPPORTED_MEDIA_TYPE: '不支持的文件或请求格式',
  UNKNOWN_FIELD: '请求中含有不认识的项目',
  MALFORMED_JSON: '请求格式有误',
  IDEMPOTENCY_KEY_REUSED: '重复的提交内容不一致，请刷新页面后重试',
  IDEMPOTENCY_IN_PROGRESS: '上一次提交仍在处理中，请稍候',
  CONCURRENT_UPDATE: '记录刚被他人修改，请刷新后重试',
  DUPLICATE: '已存在相同的记录',
  USERNAME_TAKEN: '该用户名已被使用',
  LAST_ADMIN: '这是最后一个启用的管理员账号，不能停用',
  SETTLEMENT_STALE: '结算依据已变化，需要重新计算后再审定',
  SERVICE_UNAVAILABLE: '服务暂时不可用，请稍后再试',
  INTERNAL_ERROR: '服务器出错了，请稍后再试；如反复出现，请把请求编号告诉管理员',
};

const BY_STATUS: Record<number, string> = {
  0: BY_CODE.NETWORK_ERROR,
  400: '请求有误',
  401: '请先登录',
  403: '您的账号无权进行此操作',
  404: BY_CODE.NOT_FOUND,
  409: '当前状态下不能进行此操作，请刷新页面查看最新状态',
  413: BY_CODE.PAYLOAD_TOO_LARGE,
  415: BY_CODE.UNSUPPORTED_MEDIA_TYPE,
  422: BY_CODE.VALIDATION_FAILED,
  429: BY_CODE.RATE_LIMITED,
  503: BY_CODE.SERVICE_UNAVAILABLE,
};

export function errorMessage(error: Pick<ApiError, 'status' | 'body'>): string {
  const { message, code } = error.body;
  if (message && HAS_CHINESE.test(message)) return message;
  return BY_CODE[code] ?? BY_STATUS[error.status] ?? (error.status >= 500 ? BY_CODE.INTERNAL_ERROR : '操作未成功，请稍后再试');
}

/** Problem codes of a detail → Chinese, for details whose message the server wrote in English (DTO checks). */
const DETAIL_BY_CODE: Record<string, string> = {
  REQUIRED: '不能为空',
  REQUIRED_FOR_SUBMISSION: '提交备案前必须填写',
  IS_STRING: '应为文字',
  IS_INT: '应为整数',
  IS_BOOLEAN: '应为是或否',
  IS_IN: '不是可选的值',
  MATCHES: '格式不正确',
  MAX_LENGTH: '太长',
  MIN_LENGTH: '太短',
  MIN: '太小',
  MAX: '太大',
  IS_ISO8601: '不是有效日期',
  CREDIT_CODE_INVALID: '统一社会信用代码不正确，请核对',
  DATE_INVALID: '不是有效日期（YYYY-MM-DD）',
  DATE_IN_FUTURE: '不能晚于今天',
  UNKNOWN_FIELD: '不是可接受的项目',
  FIELD_NOT_ALLOWED: '您无权修改此项',
};

export function detailMessage(detail: ErrorDetail): string {
  if (HAS_CHINESE.test(detail.message)) return detail.message;
  const text = DETAIL_BY_CODE[detail.code];
  return text ? `${fieldLabel(detail.field)}${text}` : detail.message;
}
