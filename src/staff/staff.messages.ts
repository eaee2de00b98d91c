import { fieldLabel } from '../common/i18n/field-labels';
import { defineMessages } from '../common/i18n/messages';

export const STAFF_MESSAGES = defineMessages({
  IS_DAY: { zh: (p) => `${fieldLabel(String(p.field ?? ''))}应为 YYYY-MM-DD 格式的日期` },
  STAFF_EXISTS: { zh: '此人已在本机构登记，在职期间有重叠；离职后再入职请先登记离职' },
  STAFF_ACTIVE_ELSEWHERE: { zh: '此人在登记的在职期间已在其他机构在职，须由原机构登记离职后才能在本机构登记' },
  STAFF_ALREADY_ENDED: { zh: '此人已登记离职' },
});
