import ExcelJS from 'exceljs';
import { crc32, deflateRawSync } from 'node:zlib';
import type { Cell, GridRow, Sheet } from '../../src/common/spreadsheet';
import { zip } from './xlsx-bomb';

/**
 * An .xlsx written part by part, as other producers write them (WPS, Excel with a namespace prefix, a
 * program writing inline strings): every part given as XML text, deflated into a zip archive.
 */
export function xlsxFromParts(parts: Record<string, string>): Buffer {
  return zip(
    Object.entries(parts).map(([name, text]) => {
      const bytes = Buffer.from(text);
      return { name, method: 8, data: deflateRawSync(bytes), crc: crc32(bytes), size: bytes.length };
    }),
  );
}

/** The package parts every workbook has, around the given workbook, sheets and optional shared strings and styles. */
export function workbookParts(options: {
  workbook: string;
  sheets: string[];
  sharedStrings?: string;
  styles?: string;
}): Record<string, string> {
  const rel = (id: string, type: string, target: string) =>
    `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/>`;
  const rels = [
    ...options.sheets.map((_, i) => rel(`rId${i + 1}`, 'worksheet', `worksheets/sheet${i + 1}.xml`)),
    options.sharedStrings ? rel('rIdS', 'sharedStrings', 'sharedStrings.xml') : '',
    options.styles ? rel('rIdT', 'styles', '/xl/styles.xml') : '',
  ];
  const parts: Record<string, string> = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/></Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      rel('rId1', 'officeDocument', 'xl/workbook.xml') +
      '</Relationships>',
    'xl/workbook.xml': options.workbook,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`,
  };
  options.sheets.forEach((sheet, i) => (parts[`xl/worksheets/sheet${i + 1}.xml`] = sheet));
  if (options.sharedStrings) parts['xl/sharedStrings.xml'] = options.sharedStrings;
  if (options.styles) parts['xl/styles.xml'] = options.styles;
  return parts;
}

/** exceljs cell values: plain, rich text, formula (its cached result), hyperlink, error. */
function exceljsCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown };
    if (Array.isArray(v.richText)) return exceljsCell(v.richText.map((r) => r.text).join(''));
    if ('result' in v) return exceljsCell(v.result);
    if (typeof v.text === 'string') return exceljsCell(v.text);
  }
  return null;
}

/**
 * The grid exceljs's full workbook model gives for a file: what the product's uploads were read as before its own
 * reader (src/common/spreadsheet/xlsx.ts), kept as the reference the reader is compared with.
 */
export async function exceljsGrid(buffer: Buffer): Promise<Sheet[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook.worksheets.map((sheet) => {
    const rows: GridRow[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const values = row.values as unknown[];
      const cells: Cell[] = [];
      for (let i = 1; i < values.length; i++) cells.push(exceljsCell(values[i]));
      rows.push({ number: rowNumber, cells });
    });
    return { name: sheet.name, rows };
  });
}
