import { defineMessages } from '../common/i18n/messages';

const SERVICES: Record<string, string> = { database: '数据库', redis: 'Redis' };

export const HEALTH_MESSAGES = defineMessages({
  DOWN: { zh: (p) => `${SERVICES[String(p.field)] ?? String(p.field ?? '依赖的服务')}无法连接` },
});
