import { ApiError } from '../api/errors';
import { errorMessage } from './error-messages';
import { hasProblems, problemRows } from './problems';

const rosterError = new ApiError(422, {
  statusCode: 422,
  code: 'VALIDATION_FAILED',
  message: 'The roster has 3 problems',
  details: [
    { index: 2, field: 'idNumber', code: 'ID_NUMBER_INVALID', message: '身份证号校验位不正确，请核对号码' },
    { index: 4, field: 'attendanceDays', code: 'ATTENDANCE_OUT_OF_RANGE', message: '出勤天数应为 0 到 31 的整数' },
    { field: 'entries', code: 'OVER_CAPACITY', message: '本月在托人数超过核定托位数' },
  ],
});

describe('problemRows (the 422 table)', () => {
  it('lists every problem with its spreadsheet row, the column in Chinese, the message and what to do', () => {
    expect(problemRows(rosterError.details, { fileRows: true })).toEqual([
      {
        key: '0',
        where: '第 2 行',
        column: '身份证号',
        message: '身份证号校验位不正确，请核对号码',
        hint: expect.stringContaining('把“身份证号”列设为“文本”格式'),
        code: 'ID_NUMBER_INVALID',
      },
      {
        key: '1',
        where: '第 4 行',
        column: '出勤天数',
        message: '出勤天数应为 0 到 31 的整数',
        hint: expect.any(String),
        code: 'ATTENDANCE_OUT_OF_RANGE',
      },
      {
        key: '2',
        where: '—',
        column: '花名册',
        message: '本月在托人数超过核定托位数',
        hint: expect.stringContaining('核定托位数'),
        code: 'OVER_CAPACITY',
      },
    ]);
  });

  it('numbers JSON entries from 1 and names nested form fields', () => {
    const rows = problemRows(
      [
        { index: 0, field: 'entries.0.birthOrder', code: 'BIRTH_ORDER_INVALID', message: '孩次应为 1 到 9 的整数' },
        { field: 'bankAccount.accountNumber', code: 'MATCHES', message: '“银行账号”的格式不正确' },
        { field: 'township', code: 'REQUIRED_FOR_SUBMISSION', message: '提交备案前必须填写“乡镇（街道）”' },
      ],
      { fileRows: false },
    );
    expect(rows.map((r) => [r.where, r.column, r.message])).toEqual([
      ['第 1 条', '孩次', '孩次应为 1 到 9 的整数'],
      ['—', '银行账号', '“银行账号”的格式不正确'],
      ['—', '所在乡镇（街道）', '提交备案前必须填写“乡镇（街道）”'],
    ]);
  });

  it('keeps an unknown code visible with a generic hint rather than dropping the row', () => {
    const [row] = problemRows([{ index: 7, field: 'mystery', code: 'SOMETHING_NEW', message: 'new rule' }], { fileRows: true });
    expect(row).toMatchObject({ where: '第 7 行', column: 'mystery', message: 'new rule', hint: '按说明修改后重试' });
  });

  it('shows a table only for a 422 with details', () => {
    expect(hasProblems(rosterError)).toBe(true);
    expect(hasProblems(new ApiError(409, { statusCode: 409, code: 'ROSTER_EXISTS', message: 'exists' }))).toBe(false);
    expect(hasProblems(new ApiError(422, { statusCode: 422, code: 'VALIDATION_FAILED', message: 'x', details: [] }))).toBe(false);
    expect(hasProblems(null)).toBe(false);
  });
});

describe('errorMessage', () => {
  it('shows the server message (Chinese), else the console text for the status', () => {
    expect(errorMessage(new ApiError(409, { statusCode: 409, code: 'X', message: '该月已锁定' }))).toBe('该月已锁定');
    expect(errorMessage(new ApiError(401, { statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'Wrong username or password' }))).toBe(
      '请先登录',
    );
    expect(errorMessage(new ApiError(409, { statusCode: 409, code: 'BRAND_NEW', message: 'Something in English' }))).toMatch(/当前状态/);
    expect(errorMessage(ApiError.network())).toMatch(/无法连接服务器/);
    expect(errorMessage(ApiError.from(502, '<html>Bad gateway</html>'))).toMatch(/服务器出错/);
  });
});
