import type { ApiError } from '../api/errors';

/**
 * The Chinese message of a server error. The server answers in Chinese (its message catalogue, docs/error-codes.md),
 * so its message is shown as it is; the console has its own words only for what never reached the server (no
 * network, a proxy's HTML error page) and, by status, for an answer that somehow is not Chinese.
 */
const HAS_CHINESE = /[\u4e00-\u9fff]/;

const NETWORK_ERROR = '无法连接服务器，请检查网络后重试';
const SERVER_ERROR = '服务器出错了，请稍后再试；如反复出现，请把请求编号告诉管理员';

const BY_STATUS: Record<number, string> = {
  0: NETWORK_ERROR,
  400: '请求有误',
  401: '请先登录',
  403: '您的账号无权进行此操作',
  404: '未找到该记录（可能不存在，或不属于您的机构）',
  409: '当前状态下不能进行此操作，请刷新页面查看最新状态',
  413: '文件太大，超过了允许的大小',
  415: '不支持的文件或请求格式',
  422: '填写的内容有误，请按下表逐项修改',
  429: '尝试次数过多，请稍后再试',
  503: '服务暂时不可用，请稍后再试',
};

export function errorMessage(error: Pick<ApiError, 'status' | 'body'>): string {
  const { message } = error.body;
  if (message && HAS_CHINESE.test(message)) return message;
  return BY_STATUS[error.status] ?? (error.status >= 500 ? SERVER_ERROR : '操作未成功，请稍后再试');
}
