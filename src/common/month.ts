/**
 * Months are 'YYYY-MM' strings in Asia/Shanghai ("which month"), timestamps are UTC in storage.
 * China has had no daylight saving since 1991, so Shanghai is a fixed UTC+8.
 */
export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

export function parseMonth(month: string): { year: number; month: number } {
  const m = MONTH_PATTERN.exec(month);
  if (!m) throw new Error(`Not a month: ${month}`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

export function daysInMonth(month: string): number {
  const { year, month: mm } = parseMonth(month);
  return new Date(Date.UTC(year, mm, 0)).getUTCDate();
}

/** First day of the month as a date-only value (UTC midnight), as stored in DATE columns. */
export function firstDayOf(month: string): Date {
  const { year, month: mm } = parseMonth(month);
  return new Date(Date.UTC(year, mm - 1, 1));
}

export function lastDayOf(month: string): Date {
  const { year, month: mm } = parseMonth(month);
  return new Date(Date.UTC(year, mm, 0));
}

export function addMonths(month: string, delta: number): string {
  const { year, month: mm } = parseMonth(month);
  const index = year * 12 + (mm - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The Asia/Shanghai month an instant falls in. */
export function shanghaiMonthOf(instant: Date): string {
  const local = new Date(instant.getTime() + SHANGHAI_OFFSET_MS);
  return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The UTC instants bounding a Shanghai month: [start, end). */
export function shanghaiMonthBounds(month: string): { start: Date; end: Date } {
  const start = new Date(firstDayOf(month).getTime() - SHANGHAI_OFFSET_MS);
  const end = new Date(firstDayOf(addMonths(month, 1)).getTime() - SHANGHAI_OFFSET_MS);
  return { start, end };
}

/** Today's date in Asia/Shanghai, 'YYYY-MM-DD' (`now` comes from the injected clock). */
export function shanghaiToday(now: Date): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** 00:00 Asia/Shanghai of a 'YYYY-MM-DD' day, as a UTC instant. */
export function shanghaiStartOfDay(date: string): Date {
  return new Date(new Date(`${date}T00:00:00Z`).getTime() - SHANGHAI_OFFSET_MS);
}

/** An instant as Shanghai wall-clock time, 'YYYY-MM-DDTHH:mm:ss+08:00' (for files people read). */
export function shanghaiTimestamp(instant: Date): string {
  return `${new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** 'YYYY-MM-DD' of a date-only value. */
export function toDateString(date: Date): string {
  return date.toISOString().slice(0, 10);
}
