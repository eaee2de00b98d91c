import { defineMessages } from '../common/i18n/messages';

export const AUTH_MESSAGES = defineMessages({
  TOKEN_MISSING: { zh: '请先登录：缺少 Authorization: Bearer 令牌' },
  TOKEN_INVALID: { zh: '令牌无效或已过期，请重新登录' },
  TOKEN_REVOKED: { zh: '令牌已失效（账号已停用或已修改密码），请重新登录' },
  SESSION_EXPIRED: { zh: '会话已结束，请重新登录' },
  CSRF_TOKEN_INVALID: { zh: '请求缺少本会话的 CSRF 令牌（X-XSRF-TOKEN 请求头），请刷新页面后重试' },
  INVALID_CREDENTIALS: { zh: '用户名或密码错误' },
  NO_SESSION: { zh: '当前以 Bearer 令牌登录，没有网页控制台会话' },
});
