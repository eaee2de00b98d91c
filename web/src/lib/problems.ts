import type { ApiError, ErrorDetail } from '../api/errors';
import { fieldLabel } from './labels';

/** One row of the problem table shown for a 422: where, what is wrong, and what to do about it. */
export interface ProblemRow {
  key: string;
  /** `第 3 行` for a file row, `第 2 条` for a JSON entry, `—` when the problem is not about one row */
  where: string;
  /** the column or form field, in Chinese */
  column: string;
  message: string;
  hint: string;
  code: string;
}

/** What the operator can do, by problem code (the server says what is wrong; this says how to fix it). */
const HINTS: Record<string, string> = {
  ID_NUMBER_INVALID: '核对身份证号；在 Excel 中把“身份证号”列设为“文本”格式后重新录入，数字格式会丢失后几位',
  DUPLICATE_IN_ROSTER: '删除重复的行，每名儿童只列一次',
  REQUIRED: '补填这一格',
  BIRTH_ORDER_INVALID: '填写 1 到 9 的整数：1 为一孩，2 为二孩，3 为三孩',
  BIRTH_ORDER_CONFLICT: '该儿童的孩次已由区卫生健康局确认；如确有错误，请联系区卫生健康局更正',
  DATE_INVALID: '日期写成 2026-03-01 的形式；可把该列设为“文本”或“日期”格式',
  ATTENDANCE_OUT_OF_RANGE: '按本月实际出勤天数填写，不超过本月在托天数',
  OVER_CAPACITY: '本月在托人数超过核定托位数：核对名单，或向区卫生健康局申请核定托位',
  PHONE_INVALID: '只填数字，例如 13800001111',
  TOO_LONG: '缩短内容',
  COLUMN_MISSING: '使用花名册模板的表头：身份证号、姓名、孩次、监护人、联系电话、入托日期、离托日期、出勤天数',
  COLUMN_AMBIGUOUS: '表头中每一列只能出现一次',
  FILE_UNREADABLE: '用 Excel 另存为 .xlsx，或另存为“CSV UTF-8（逗号分隔）”后重新上传',
  UNSUPPORTED_FILE_TYPE: '只能上传 .xlsx 或 .csv 文件',
  FILE_TYPE_UNSUPPORTED: '只能上传 .xlsx 或 .csv 文件',
  TOO_MANY_ENTRIES: '把花名册拆分，或删除不属于本月的行',
  REQUIRED_FOR_SUBMISSION: '在上方表单中填写后保存，再提交',
  MATCHES: '按提示的格式填写',
  MAX_LENGTH: '缩短内容',
  VOUCHER_ALREADY_RECORDED: '核对银行凭证号；已登记的支付不能改，如确有错误请联系管理员',
  DUPLICATE_VOUCHER: '每个凭证号只填一次',
  UNKNOWN_INSTITUTION: '选择本月结算中的机构',
  DATE_IN_FUTURE: '填写实际支付的日期',
};

/**
 * The table rows of an error's details, in the order the server found them. `fileRows`: the indexes are
 * spreadsheet rows (uploads), else array positions (JSON entries, shown from 1).
 */
export function problemRows(details: ErrorDetail[], options: { fileRows: boolean }): ProblemRow[] {
  return details.map((d, i) => ({
    key: `${i}`,
    where: d.index === undefined ? '—' : options.fileRows ? `第 ${d.index} 行` : `第 ${d.index + 1} 条`,
    column: fieldLabel(d.field),
    message: d.message,
    hint: HINTS[d.code] ?? '按说明修改后重试',
    code: d.code,
  }));
}

/** Whether an error should be shown as a table of problems rather than one message. */
export function hasProblems(error: ApiError | null | undefined): error is ApiError {
  return !!error && error.status === 422 && error.details.length > 0;
}
