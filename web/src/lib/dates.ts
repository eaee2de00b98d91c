import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

/** Asia/Shanghai decides "which day" and "which month"; the API stores UTC. */
export const TIME_ZONE = 'Asia/Shanghai';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale('zh-cn');
dayjs.tz.setDefault(TIME_ZONE);

export { dayjs };

/** `YYYY-MM-DD` of a date string or a timestamp, in Asia/Shanghai; a dash for nothing. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return dayjs(value).tz(TIME_ZONE).format('YYYY-MM-DD');
}

/** `YYYY-MM-DD HH:mm` of a timestamp, in Asia/Shanghai. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  return dayjs(value).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm');
}
