import { defineMessages } from '../common/i18n/messages';

export const CHILDREN_MESSAGES = defineMessages({
  ID_NUMBER_INVALID: { zh: '身份证号格式或校验位不正确，请核对号码' },
});
