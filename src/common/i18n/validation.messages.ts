import { fieldLabel } from './field-labels';
import { defineMessages, MessageParams } from './messages';

const field = (p: MessageParams) => fieldLabel(String(p.field ?? ''));
/** The first number of the original (class-validator) message: the bound of MaxLength, Min, Max … */
const bound = (p: MessageParams) => /(-?\d+(?:\.\d+)?)/.exec(String(p.original ?? ''))?.[1] ?? '';

/**
 * Problems found by the request validation (class-validator constraints, named as codes) and the custom
 * validators of the project. `field` is the field's path, `original` the English message.
 */
export const VALIDATION_MESSAGES = defineMessages({
  IS_STRING: { zh: (p) => `${field(p)}应为文本` },
  IS_NOT_EMPTY: { zh: (p) => `${field(p)}不能为空` },
  MATCHES: { zh: (p) => `${field(p)}的格式不正确` },
  MAX_LENGTH: { zh: (p) => `${field(p)}不能超过 ${bound(p)} 个字符` },
  MIN_LENGTH: { zh: (p) => `${field(p)}不能少于 ${bound(p)} 个字符` },
  IS_LENGTH: { zh: (p) => `${field(p)}的长度不符合要求` },
  IS_IN: { zh: (p) => `${field(p)}不是可选的值之一` },
  IS_ENUM: { zh: (p) => `${field(p)}不是可选的值之一` },
  IS_INT: { zh: (p) => `${field(p)}应为整数` },
  IS_NUMBER: { zh: (p) => `${field(p)}应为数字` },
  MIN: { zh: (p) => `${field(p)}不能小于 ${bound(p)}` },
  MAX: { zh: (p) => `${field(p)}不能大于 ${bound(p)}` },
  IS_WHOLE_NUMBER: { zh: (p) => `${field(p)}应为范围内的整数` },
  IS_BOOLEAN: { zh: (p) => `${field(p)}应为 true 或 false` },
  IS_BOOLEAN_TEXT: { zh: (p) => `${field(p)}应为 true 或 false` },
  IS_UUID: { zh: (p) => `${field(p)}应为有效的编号（UUID）` },
  IS_DATE: { zh: (p) => `${field(p)}应为日期` },
  IS_ISO8601: { zh: (p) => `${field(p)}应为 YYYY-MM-DD 格式的日期` },
  IS_DATE_STRING: { zh: (p) => `${field(p)}应为 YYYY-MM-DD 格式的日期` },
  IS_ARRAY: { zh: (p) => `${field(p)}应为列表` },
  ARRAY_NOT_EMPTY: { zh: (p) => `${field(p)}不能为空列表` },
  ARRAY_MAX_SIZE: { zh: (p) => `${field(p)}最多 ${bound(p)} 项` },
  ARRAY_MIN_SIZE: { zh: (p) => `${field(p)}至少 ${bound(p)} 项` },
  NESTED_VALIDATION: { zh: (p) => `${field(p)}的内容格式不正确` },
  IS_OBJECT: { zh: (p) => `${field(p)}应为对象` },
  IS_URL_WITH: { zh: (p) => `${field(p)}应为有效的地址` },
  IS_KEY_LIST: { zh: (p) => `${field(p)}应为以逗号分隔的密钥列表` },
  IS_CRON: { zh: (p) => `${field(p)}不是有效的 cron 表达式` },
  WHITELIST_VALIDATION: { zh: (p) => `${field(p)}不是可接受的字段` },
});
