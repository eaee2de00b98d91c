/**
 * Dates as clerks type them or spreadsheet programs save them, read as a calendar date (UTC midnight):
 * 2025-09-01, 2025/9/1, 2025.9.1, 2025年9月1日, 20250901, "2025-09-01 00:00:00" (a date cell saved as CSV
 * by some programs; the time is ignored), a date cell, and an Excel date serial (a date typed into a cell without a date format).
 */

const SEPARATED = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
/** Excel serials of the years 1955 to 2173: five digits; nothing else in a date column looks like that */
const SERIAL_TEXT = /^(\d{5})(?:\.0+)?$/;

/** Largest serial Excel knows (9999-12-31). */
const MAX_SERIAL = 2_958_465;

/** An Excel date serial (days since 1899-12-30, as Excel counts them) as a date. */
export function excelSerialToDate(serial: number): Date | null {
  if (!Number.isInteger(serial) || serial < 1 || serial > MAX_SERIAL) return null;
  return new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000);
}

function calendar(y: number, m: number, d: number): Date | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date;
}

/** The calendar date of a cell or text, or null when it is not one. */
export function parseDateCell(value: unknown): Date | null {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    return new Date(Date.UTC(value.getUTCFullYear(), value.getUTCMonth(), value.getUTCDate()));
  }
  // 20250901 typed into a number cell
  if (typeof value === 'number') return value >= 19000101 && value <= 99991231 ? parseDateCell(String(value)) : excelSerialToDate(value);
  if (typeof value !== 'string') return null;
  const t = value.trim();
  const m = SEPARATED.exec(t) ?? COMPACT.exec(t);
  if (m) return calendar(Number(m[1]), Number(m[2]), Number(m[3]));
  const serial = SERIAL_TEXT.exec(t);
  return serial ? excelSerialToDate(Number(serial[1])) : null;
}

/** 'YYYY-MM-DD' or null. */
export function parseDateText(value: unknown): string | null {
  return parseDateCell(value)?.toISOString().slice(0, 10) ?? null;
}
