import { defineMessages } from '../../common/i18n/messages';

export const IDEMPOTENCY_MESSAGES = defineMessages({
  IDEMPOTENCY_KEY_INVALID: { zh: 'Idempotency-Key 应为 1–128 个可打印 ASCII 字符' },
  IDEMPOTENCY_KEY_REUSED: { zh: '此 Idempotency-Key 已用于另一个不同的请求，请换一个新的键' },
  IDEMPOTENCY_IN_PROGRESS: { zh: '使用此 Idempotency-Key 的请求仍在处理中，请稍后查询结果' },
  IDEMPOTENCY_KEY_TAKEN_OVER: { zh: '本请求耗时过长，其 Idempotency-Key 已由一次重试接管；本次更改未保存，请查询重试的结果' },
  IDEMPOTENCY_RESPONSE_LOST: { zh: '此 Idempotency-Key 的请求已经执行，但当时的应答未能保存，无法重放；请查询结果，不要重复提交' },
});
