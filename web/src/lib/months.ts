/**
 * Months are `YYYY-MM` in Asia/Shanghai (the API's convention). Pure functions: the month picker and the
 * pages decide with these which months can be chosen.
 */
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

/** The month it is in Asia/Shanghai at `now` (China has no daylight saving time: always UTC+8). */
export function shanghaiMonth(now: Date = new Date()): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 7);
}

export function addMonths(month: string, delta: number): string {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`Not a month YYYY-MM: ${month}`);
  const index = Number(m[1]) * 12 + (Number(m[2]) - 1) + delta;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** `2026-03` → `2026年3月` */
export function monthLabel(month: string): string {
  const m = MONTH.exec(month);
  return m ? `${m[1]}年${Number(m[2])}月` : month;
}

export interface MonthBounds {
  /** earliest month that may be chosen (inclusive) */
  min?: string;
  /** latest month that may be chosen (inclusive) */
  max?: string;
}

/** Whether the month picker must refuse `month`. Months compare as strings because they are zero-padded. */
export function isMonthDisabled(month: string, bounds: MonthBounds): boolean {
  if (!isMonth(month)) return true;
  return (bounds.min !== undefined && month < bounds.min) || (bounds.max !== undefined && month > bounds.max);
}

/** A month within the bounds: the wanted one if allowed, else the nearest bound. */
export function clampMonth(month: string, bounds: MonthBounds): string {
  if (bounds.max !== undefined && month > bounds.max) return bounds.max;
  if (bounds.min !== undefined && month < bounds.min) return bounds.min;
  return month;
}

/**
 * Roster months an operator may report: up to the current month (a roster describes attendance that has
 * happened), from 2020 on (earlier months predate the programme's records).
 */
export function rosterMonthBounds(now: Date = new Date()): Required<MonthBounds> {
  return { min: '2020-01', max: shanghaiMonth(now) };
}

/** The month a roster is due for now: the previous month until its settlement (5th of the month), then this month. */
export function rosterMonthsDue(now: Date = new Date()): string[] {
  const current = shanghaiMonth(now);
  return [addMonths(current, -1), current];
}
