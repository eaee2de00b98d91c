import { fieldLabel } from './field-labels';
import { defineMessages } from './messages';

/** Problems any uploaded file (a roster, a bank file) can have. */
export const FILE_MESSAGES = defineMessages({
  FILE_TYPE_UNSUPPORTED: { zh: '不支持的文件类型，请上传 .xlsx 或 .csv 文件' },
  FILE_UNREADABLE: { zh: '文件无法读取，请确认文件完好后重新上传' },
  FILE_TOO_LARGE: { zh: '文件过大（或解压后过大），不像是花名册或银行回单；请删除多余的工作表、行和列后重新上传' },
  HEADER_INVALID: { zh: '表头不正确，缺少必需的列' },
  COLUMN_MISSING: { zh: (p) => `缺少${p.field ? fieldLabel(String(p.field)) : '必需的'}列` },
  REQUIRED: { zh: (p) => `${p.field ? fieldLabel(String(p.field)) : '此项'}不能为空` },
  DATE_INVALID: { zh: (p) => `${p.field ? fieldLabel(String(p.field)) : '日期'}不是有效的日期（YYYY-MM-DD）` },
});
