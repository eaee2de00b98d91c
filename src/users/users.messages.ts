import { defineMessages } from '../common/i18n/messages';

export const USERS_MESSAGES = defineMessages({
  USERNAME_TAKEN: { zh: (p) => (p.username ? `用户名“${String(p.username)}”已被使用` : '该用户名已被使用') },
  LAST_ADMIN: { zh: '这是最后一个启用的管理员账号；请先创建或启用另一个管理员' },
});
