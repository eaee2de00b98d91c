import ExcelJS from 'exceljs';
import { randomInt } from 'node:crypto';
import { uniqueResidentId } from '../utils/factories';

export const HEADER = ['身份证号', '姓名', '孩次', '监护人', '联系电话', '入托日期', '离托日期', '出勤天数'];

/** Test children's names all follow this pattern, so the run's log can be scanned for them (global-teardown). */
export function childName(): string {
  return `测试儿童${randomInt(1_000_000)}`;
}

export interface EntryBody {
  idNumber: string;
  name: string;
  birthOrder: number | string;
  guardianName: string;
  guardianPhone?: string | null;
  enrolledOn: string;
  withdrawnOn?: string | null;
  attendanceDays: number | string;
}

/** A valid entry for a child born on `birthDate` (default: under 3 for 2026 months). */
export function entry(over: Partial<EntryBody> = {}, birthDate = '2024-06-15'): EntryBody {
  return {
    idNumber: uniqueResidentId(birthDate),
    name: childName(),
    birthOrder: 2,
    guardianName: '测试家长',
    guardianPhone: '13800001111',
    enrolledOn: '2025-09-01',
    withdrawnOn: null,
    attendanceDays: 18,
    ...over,
  };
}

export function csv(entries: EntryBody[], trailer = ''): string {
  const lines = entries.map((e) =>
    [e.idNumber, e.name, e.birthOrder, e.guardianName, e.guardianPhone ?? '', e.enrolledOn, e.withdrawnOn ?? '', e.attendanceDays].join(
      ',',
    ),
  );
  return [HEADER.join(','), ...lines].join('\r\n') + '\r\n' + trailer;
}

export async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
