import type { ErrorDetail } from '../common/errors';
import { checkResidentId, normalizeResidentId, residentIdFacts, ResidentIdProblem } from '../common/identity/resident-id';
import { daysInMonth, firstDayOf, lastDayOf, toDateString } from '../common/month';
import { parseDateCell } from '../common/spreadsheet';

/**
 * The roster rules, as plain functions: every problem of every entry is reported at once, each with the
 * row the operator sees (spreadsheet row number for files, array index for JSON), the field, a stable code
 * and a message in Chinese. Messages never repeat the values themselves: no ID number or name may reach
 * an error answer (and from there a log or a screenshot).
 */

/** Largest roster accepted, in entries (file rows or JSON array items). */
export const MAX_ROSTER_ENTRIES = 5000;

/** One entry as received: values still untyped (JSON values, or spreadsheet cells). */
export interface RawEntry {
  /** where the operator finds it: file row number (header = 1) or JSON array index */
  index: number;
  /** stored as RosterEntry.rowIndex: file row number, or array index + 1 */
  rowIndex: number;
  idNumber: unknown;
  name: unknown;
  birthOrder: unknown;
  guardianName: unknown;
  guardianPhone?: unknown;
  enrolledOn: unknown;
  withdrawnOn?: unknown;
  attendanceDays: unknown;
  /** read from a spreadsheet: also checked for the damage Excel does to long numbers */
  fromFile?: boolean;
}

export interface ValidEntry {
  index: number;
  rowIndex: number;
  idNumber: string;
  name: string;
  birthOrder: number;
  guardianName: string;
  guardianPhone: string | null;
  enrolledOn: Date;
  withdrawnOn: Date | null;
  attendanceDays: number;
  birthDate: Date;
  sex: 'M' | 'F';
}

export interface RosterContext {
  month: string;
  approvedSlots: number;
}

export const FIELD_LABELS: Record<string, string> = {
  idNumber: '身份证号',
  name: '姓名',
  birthOrder: '孩次',
  guardianName: '监护人',
  guardianPhone: '联系电话',
  enrolledOn: '入托日期',
  withdrawnOn: '离托日期',
  attendanceDays: '出勤天数',
};

const MAX_NAME_LENGTH = 50;
const ID_MESSAGES: Record<ResidentIdProblem | 'NUMERIC', string> = {
  FORMAT: '身份证号格式不正确：应为18位，前17位为数字，最后一位为数字或X',
  BIRTH_DATE: '身份证号中的出生日期不存在',
  CHECKSUM: '身份证号校验位不正确，请核对号码',
  NUMERIC: '身份证号被存成了数字，Excel 会丢失后几位：请把该列设为“文本”格式后重新录入',
};

/** How Excel shows an 18-digit number in a cell formatted 常规: 3.71523E+17 */
const SCIENTIFIC = /^\d+(?:\.\d+)?E\+?\d+$/i;
/**
 * Excel keeps 15 significant digits: an ID typed into a number cell comes back with its last three digits
 * zeroed (…1234 → …1000), which passes the check digit about one time in eleven. A real ID ending in 000 is
 * rare enough that a file row with one is refused, and the clerk asked to retype it in a text column.
 */
const ZEROED_TAIL = /^\d{15}000$/;

function excelDamage(row: RawEntry): string | null {
  const value = typeof row.idNumber === 'string' ? row.idNumber.trim() : '';
  if (SCIENTIFIC.test(value)) {
    return `第 ${row.index} 行的身份证号显示为科学计数法（如 3.71523E+17），后几位已丢失：请把身份证号列设为“文本”格式，重新录入完整号码后上传`;
  }
  if (row.fromFile && ZEROED_TAIL.test(value)) {
    return `第 ${row.index} 行的身份证号末三位为 000，很可能是 Excel 按数字保存时丢失了后几位：请把身份证号列设为“文本”格式，重新录入完整号码后上传`;
  }
  return null;
}

/** A trimmed string, or null when empty. Numbers become their decimal text (a name typed into a number cell). */
function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** A whole number from a number or its text ("2", " 2 "); null when it is not one. */
export function wholeNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  // "10.0": a number cell saved as CSV by some programs
  if (typeof value === 'string' && /^\s*-?\d{1,6}(?:\.0+)?\s*$/.test(value)) return Number(value);
  return null;
}

/**
 * A date (UTC midnight) as clerks type it or spreadsheets save it (see parseDateCell: 2025-09-01, 2025/9/1,
 * 2025年9月1日, 20250901, "2025-09-01 00:00:00", a date cell, an Excel date serial); null when not a real date.
 */
export function calendarDate(value: unknown): Date | null {
  return parseDateCell(value);
}

const DAY_MS = 86_400_000;

/**
 * Checks every entry against the rules of the month. `entries` holds the entries that passed (only
 * meaningful when `problems` is empty: a roster is stored whole or not at all).
 */
export function validateEntries(rows: RawEntry[], ctx: RosterContext): { entries: ValidEntry[]; problems: ErrorDetail[] } {
  const problems: ErrorDetail[] = [];
  const entries: ValidEntry[] = [];
  const monthStart = firstDayOf(ctx.month);
  const monthEnd = lastDayOf(ctx.month);
  const monthDays = daysInMonth(ctx.month);
  const firstRowOfId = new Map<string, number>();
  let enrolledCount = 0;

  for (const row of rows) {
    const rowProblems: ErrorDetail[] = [];
    const problem = (field: string, code: string, message: string) => rowProblems.push({ index: row.index, field, code, message });
    const required = (field: keyof typeof FIELD_LABELS, value: unknown): boolean => {
      if (!isBlank(value)) return true;
      problem(field, 'REQUIRED', `${FIELD_LABELS[field]}不能为空`);
      return false;
    };

    // ID number
    let idNumber: string | null = null;
    let facts: { birthDate: Date; sex: 'M' | 'F' } | null = null;
    let duplicate = false;
    if (required('idNumber', row.idNumber)) {
      const damage = excelDamage(row);
      if (typeof row.idNumber !== 'string') {
        const numeric = `第 ${row.index} 行的${ID_MESSAGES.NUMERIC}`;
        problem('idNumber', 'ID_NUMBER_INVALID', typeof row.idNumber === 'number' ? numeric : ID_MESSAGES.FORMAT);
      } else if (damage) {
        problem('idNumber', 'ID_NUMBER_INVALID', damage);
      } else {
        const normalized = normalizeResidentId(row.idNumber);
        const idProblem = checkResidentId(normalized);
        if (idProblem) {
          problem('idNumber', 'ID_NUMBER_INVALID', ID_MESSAGES[idProblem]);
        } else {
          idNumber = normalized;
          facts = residentIdFacts(normalized);
          const first = firstRowOfId.get(normalized);
          if (first !== undefined) {
            duplicate = true;
            problem('idNumber', 'DUPLICATE_IN_ROSTER', `同一儿童在花名册中重复出现（与第 ${first} 行相同）`);
          } else {
            firstRowOfId.set(normalized, row.index);
          }
        }
      }
    }

    // names
    const name = text(row.name);
    if (required('name', row.name) && name && [...name].length > MAX_NAME_LENGTH) {
      problem('name', 'TOO_LONG', `姓名不能超过 ${MAX_NAME_LENGTH} 个字`);
    }
    const guardianName = text(row.guardianName);
    if (required('guardianName', row.guardianName) && guardianName && [...guardianName].length > MAX_NAME_LENGTH) {
      problem('guardianName', 'TOO_LONG', `监护人姓名不能超过 ${MAX_NAME_LENGTH} 个字`);
    }
    const guardianPhone = text(row.guardianPhone);
    if (guardianPhone !== null && !/^[0-9+\-() ]{5,20}$/.test(guardianPhone)) {
      problem('guardianPhone', 'PHONE_INVALID', '联系电话格式不正确：只能包含数字、空格和 + - ( )，5 到 20 位');
    }

    // birth order
    let birthOrder: number | null = null;
    if (required('birthOrder', row.birthOrder)) {
      birthOrder = wholeNumber(row.birthOrder);
      if (birthOrder === null || birthOrder < 1 || birthOrder > 9) {
        problem('birthOrder', 'BIRTH_ORDER_INVALID', '孩次应为 1 到 9 的整数（1 表示一孩，2 表示二孩……）');
        birthOrder = null;
      }
    }

    // dates
    let enrolledOn: Date | null = null;
    if (required('enrolledOn', row.enrolledOn)) {
      enrolledOn = calendarDate(row.enrolledOn);
      if (!enrolledOn) {
        problem('enrolledOn', 'DATE_INVALID', '入托日期不是有效日期，请使用 YYYY-MM-DD 格式');
      } else if (enrolledOn > monthEnd) {
        problem('enrolledOn', 'DATE_INVALID', `入托日期晚于本月最后一天（${toDateString(monthEnd)}），该儿童不应列入本月花名册`);
        enrolledOn = null;
      } else if (facts && enrolledOn < facts.birthDate) {
        problem('enrolledOn', 'DATE_INVALID', '入托日期早于身份证号中的出生日期');
        enrolledOn = null;
      }
    }
    let withdrawnOn: Date | null = null;
    let withdrawnOk = true;
    if (!isBlank(row.withdrawnOn)) {
      withdrawnOn = calendarDate(row.withdrawnOn);
      withdrawnOk = false;
      if (!withdrawnOn) {
        problem('withdrawnOn', 'DATE_INVALID', '离托日期不是有效日期，请使用 YYYY-MM-DD 格式');
      } else if (withdrawnOn < monthStart) {
        problem('withdrawnOn', 'DATE_INVALID', `离托日期早于本月第一天（${toDateString(monthStart)}），该儿童不应列入本月花名册`);
      } else if (enrolledOn && withdrawnOn < enrolledOn) {
        problem('withdrawnOn', 'DATE_INVALID', '离托日期早于入托日期');
      } else {
        withdrawnOk = true;
      }
    }

    // attendance: 0..days in the month, and no more than the days the child was enrolled this month
    let attendanceDays: number | null = null;
    if (required('attendanceDays', row.attendanceDays)) {
      attendanceDays = wholeNumber(row.attendanceDays);
      if (attendanceDays === null || attendanceDays < 0 || attendanceDays > monthDays) {
        problem('attendanceDays', 'ATTENDANCE_OUT_OF_RANGE', `出勤天数应为 0 到 ${monthDays} 的整数`);
        attendanceDays = null;
      } else if (enrolledOn && withdrawnOk) {
        const from = enrolledOn > monthStart ? enrolledOn : monthStart;
        const to = withdrawnOn && withdrawnOn < monthEnd ? withdrawnOn : monthEnd;
        const enrolledDays = Math.round((to.getTime() - from.getTime()) / DAY_MS) + 1;
        if (attendanceDays > enrolledDays) {
          problem('attendanceDays', 'ATTENDANCE_OUT_OF_RANGE', `出勤天数超过了本月在托天数（${enrolledDays} 天）`);
          attendanceDays = null;
        }
      }
    }

    if (!duplicate) enrolledCount += 1;
    if (rowProblems.length) {
      problems.push(...rowProblems);
      continue;
    }
    entries.push({
      index: row.index,
      rowIndex: row.rowIndex,
      idNumber: idNumber!,
      name: name!,
      birthOrder: birthOrder!,
      guardianName: guardianName!,
      guardianPhone,
      enrolledOn: enrolledOn!,
      withdrawnOn,
      attendanceDays: attendanceDays!,
      birthDate: facts!.birthDate,
      sex: facts!.sex,
    });
  }

  if (enrolledCount > ctx.approvedSlots) {
    problems.push({
      field: 'entries',
      code: 'OVER_CAPACITY',
      message: `本月在托儿童 ${enrolledCount} 人，超过核定托位数 ${ctx.approvedSlots} 个`,
    });
  }
  return { entries, problems };
}

/**
 * Birth order is a fact about the child once a roster listing them was approved: an entry claiming a
 * different one is rejected until an admin corrects the child's record.
 * `confirmed`: the child's confirmed birth order by ID number (only children that have one).
 * The confirmed value is named only with `showConfirmed` (admins): an operator could otherwise type any
 * ID number into a roster and read another institution's child's confirmed birth order from the answer.
 */
export function birthOrderConflicts(
  entries: Pick<ValidEntry, 'index' | 'idNumber' | 'birthOrder'>[],
  confirmed: Map<string, number>,
  { showConfirmed = false }: { showConfirmed?: boolean } = {},
): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  for (const entry of entries) {
    const known = confirmed.get(entry.idNumber);
    if (known !== undefined && known !== entry.birthOrder) {
      const which = showConfirmed ? `已审核确认的孩次（${known}）` : '已审核确认的孩次';
      problems.push({
        index: entry.index,
        field: 'birthOrder',
        code: 'BIRTH_ORDER_CONFLICT',
        message: `孩次与该儿童${which}不一致；如确认有误，请联系区卫生健康局更正`,
      });
    }
  }
  return problems;
}

/** Sorts problems by row, then field order, so an operator can work down the file. */
export function sortProblems(problems: ErrorDetail[]): ErrorDetail[] {
  const fieldOrder = Object.keys(FIELD_LABELS);
  return [...problems].sort(
    (a, b) => (a.index ?? Infinity) - (b.index ?? Infinity) || fieldOrder.indexOf(a.field) - fieldOrder.indexOf(b.field),
  );
}
