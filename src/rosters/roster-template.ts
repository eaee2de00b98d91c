import ExcelJS from 'exceljs';
import { MAX_ROSTER_ENTRIES } from './roster-validation';

/**
 * The roster template (名册模板) a clerk downloads, fills in and uploads: the columns in the order the
 * import expects, the ID and phone columns formatted as 文本 (so Excel keeps all 18 digits), 孩次 limited to
 * 1–9 and 出勤天数 to 0–31 by data validation, the date columns formatted as dates, and a 填写说明 sheet.
 */

export const TEMPLATE_COLUMNS = [
  {
    title: '身份证号',
    width: 22,
    numFmt: '@',
    note: '必填。18 位居民身份证号，最后一位可以是 X。本列已设为“文本”格式，请勿改为数字，否则 Excel 会丢失后三位。',
  },
  { title: '姓名', width: 12, numFmt: '@', note: '必填。儿童姓名，与户口簿一致，最多 50 个字。' },
  { title: '孩次', width: 8, numFmt: '0', note: '必填。1 到 9 的整数：1 表示一孩，2 表示二孩，3 表示三孩……' },
  { title: '监护人', width: 12, numFmt: '@', note: '必填。监护人姓名。' },
  { title: '联系电话', width: 16, numFmt: '@', note: '选填。监护人手机号或固定电话，只能包含数字、空格和 + - ( )。' },
  { title: '入托日期', width: 14, numFmt: 'yyyy-mm-dd', note: '必填。如 2025-09-01；不得晚于本月最后一天，不得早于出生日期。' },
  { title: '离托日期', width: 14, numFmt: 'yyyy-mm-dd', note: '选填。本月离托的填写离托日期；仍在托的留空。' },
  { title: '出勤天数', width: 10, numFmt: '0', note: '必填。本月实际出勤天数，0 到 31 的整数，不超过本月在托天数。' },
] as const;

const LAST_ROW = MAX_ROSTER_ENTRIES + 1;

export async function rosterTemplate(districtName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = districtName;
  const sheet = workbook.addWorksheet('花名册', {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:1',
    },
    headerFooter: { oddHeader: `&C${districtName.replace(/&/g, '&&')}托育机构月度花名册`, oddFooter: '&C第 &P 页 共 &N 页' },
  });
  sheet.columns = TEMPLATE_COLUMNS.map((c, i) => ({ key: `c${i}`, width: c.width, style: { numFmt: c.numFmt } }));
  const header = sheet.addRow(TEMPLATE_COLUMNS.map((c) => c.title));
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center' };
    cell.numFmt = '@';
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  });
  const range = (column: string) => `${column}2:${column}${LAST_ROW}`;
  // exceljs keeps validations by address; a range address becomes one sqref (its typings know only cells)
  const validations = (sheet as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  validations.add(range('C'), {
    type: 'whole',
    operator: 'between',
    formulae: [1, 9],
    allowBlank: true,
    showErrorMessage: true,
    errorTitle: '孩次有误',
    error: '孩次应为 1 到 9 的整数（1 表示一孩，2 表示二孩……）',
  });
  validations.add(range('H'), {
    type: 'whole',
    operator: 'between',
    formulae: [0, 31],
    allowBlank: true,
    showErrorMessage: true,
    errorTitle: '出勤天数有误',
    error: '出勤天数应为 0 到 31 的整数',
  });
  for (const column of ['F', 'G']) {
    validations.add(range(column), {
      type: 'date',
      operator: 'between',
      formulae: [new Date(Date.UTC(2000, 0, 1)), new Date(Date.UTC(2099, 11, 31))],
      allowBlank: true,
      showErrorMessage: true,
      errorTitle: '日期有误',
      error: '请填写日期，如 2025-09-01',
    });
  }

  const help = workbook.addWorksheet('填写说明');
  help.columns = [
    { key: 'a', width: 12 },
    { key: 'b', width: 90 },
  ];
  help.addRow(['填写说明']).font = { bold: true, size: 14 };
  help.addRow(['1', '每月一份：在“花名册”工作表中每行填写一名本月在托的儿童，第一行是表头，请勿修改或删除。']);
  help.addRow(['2', '身份证号一列已设为“文本”格式。请直接输入或粘贴完整的 18 位号码；如从其他表格复制，请使用“选择性粘贴—数值”。']);
  help.addRow(['3', '如果号码显示为 3.71523E+17 或末三位变成 000，说明该列被当成了数字，上传时会被拒绝：请把该列设为“文本”后重新录入。']);
  help.addRow(['4', `日期可写作 2025-09-01、2025/9/1 或 2025年9月1日。一份名册最多 ${MAX_ROSTER_ENTRIES} 名儿童。`]);
  help.addRow(['5', '可另存为 .xlsx 或 CSV（UTF-8 或 GBK 编码）上传；不支持旧版 .xls。']);
  help.addRow([]);
  help.addRow(['各列说明']).font = { bold: true };
  for (const c of TEMPLATE_COLUMNS) help.addRow([c.title, c.note]);
  help.getColumn('b').alignment = { wrapText: true, vertical: 'top' };

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
