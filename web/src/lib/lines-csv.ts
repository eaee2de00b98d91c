import { birthOrderLabel, LINE_REASON_LABELS, labelOf } from './labels';
import { formatFen } from './money';

interface LineFacts {
  idNumber: string;
  forMonth: string;
  birthOrder: number;
  amountFen: number;
  reason: string;
}

function cell(value: string): string {
  // text starting with = + - @ would be run as a formula by a spreadsheet program (plain numbers are fine)
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Yuan with two decimals for a spreadsheet cell (no currency sign, no thousands separators), from fen. */
function yuanCell(fen: number): string {
  return formatFen(fen).replace('¥', '').replaceAll(',', '');
}

/** The institution's own settlement lines as CSV for Excel (UTF-8 with BOM); ID numbers stay masked. */
export function linesCsv(lines: LineFacts[]): string {
  const header = ['身份证号（脱敏）', '所属月份', '孩次', '金额（元）', '说明'];
  const rows = lines.map((l) => [
    l.idNumber,
    l.forMonth,
    birthOrderLabel(l.birthOrder),
    yuanCell(l.amountFen),
    labelOf(LINE_REASON_LABELS, l.reason),
  ]);
  return '\uFEFF' + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
