import { DatePicker } from 'antd';
import type { Dayjs } from 'dayjs';
import { dayjs } from '../lib/dates';
import { isMonth, isMonthDisabled, type MonthBounds } from '../lib/months';

/** A `YYYY-MM` month picker: months outside `bounds` cannot be chosen (rules in lib/months.ts). */
export function MonthPicker({
  value,
  onChange,
  bounds,
  id,
  label,
}: {
  value: string;
  onChange: (month: string) => void;
  bounds: MonthBounds;
  id: string;
  label: string;
}) {
  return (
    <DatePicker
      id={id}
      aria-label={label}
      picker="month"
      allowClear={false}
      format="YYYY-MM"
      value={isMonth(value) ? dayjs(`${value}-01`) : null}
      disabledDate={(date: Dayjs) => isMonthDisabled(date.format('YYYY-MM'), bounds)}
      onChange={(date: Dayjs | null) => {
        if (date) onChange(date.format('YYYY-MM'));
      }}
    />
  );
}
