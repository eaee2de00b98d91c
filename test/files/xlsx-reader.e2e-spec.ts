import ExcelJS from 'exceljs';
import { readSpreadsheet } from '../../src/common/spreadsheet';
import { rosterTemplate } from '../../src/rosters/roster-template';
import { LibreOffice } from '../utils/libreoffice';
import { exceljsGrid } from '../utils/xlsx-parts';

/**
 * The product's own XLSX reader (src/common/spreadsheet/xlsx.ts) on files as the real spreadsheet program saves
 * them: a workbook filled in and saved again by headless LibreOffice reads as exceljs's full workbook model read
 * it (the reader uploads went through before), cell for cell.
 */
describe('uploaded workbooks saved by LibreOffice', () => {
  let lo: LibreOffice;
  beforeAll(() => {
    lo = new LibreOffice();
  });
  afterAll(() => lo.close());

  async function sheetsOf(buffer: Buffer) {
    return (await readSpreadsheet(buffer, { filename: 'saved.xlsx' })).sheets;
  }

  it('reads the roster template filled in and saved again as exceljs read it', async () => {
    const template = new ExcelJS.Workbook();
    await template.xlsx.load((await rosterTemplate('示例区')) as unknown as ArrayBuffer);
    const sheet = template.worksheets.find((s) => s.actualRowCount > 0)!;
    const header = sheet.actualRowCount;
    sheet.getRow(header + 1).values = [
      '371523202403010012',
      ' 张小红 ',
      2,
      '张大山',
      '13800001111',
      new Date(Date.UTC(2025, 8, 1)),
      null,
      20,
    ];
    sheet.getRow(header + 2).values = ['371523202312120021', '李&四', '3', '李五', null, '2025/9/1', '2026-03-15', '18'];
    const saved = await lo.resave(Buffer.from(await template.xlsx.writeBuffer()));

    const read = await sheetsOf(saved);
    expect(read).toEqual(await exceljsGrid(saved));
    const rows = read.find((s) => s.name === sheet.name)!.rows;
    const filled = rows.slice(-2).map((r) => r.cells.slice(0, 8));
    expect(filled).toEqual([
      ['371523202403010012', '张小红', 2, '张大山', '13800001111', new Date(Date.UTC(2025, 8, 1)), null, 20],
      ['371523202312120021', '李&四', '3', '李五', null, '2025/9/1', '2026-03-15', '18'],
    ]);
  });

  it('reads merged titles, rich text, formulas, booleans and dates of a LibreOffice-saved workbook as exceljs read them', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('花名册');
    sheet.addRow(['某某托育中心2026年3月花名册']);
    sheet.mergeCells('A1:F1');
    sheet.addRow([
      { richText: [{ text: '王' }, { text: '小明', font: { bold: true } }] },
      { formula: '2+3', result: 5 },
      true,
      45901.25,
      -1.5,
      '第一行\n第二行',
    ]);
    sheet.getCell('D2').numFmt = 'yyyy"年"m"月"d"日"';
    sheet.addRow([]);
    sheet.addRow([null, null, '隔行']);
    wb.addWorksheet('说明').addRow(['请勿修改表头']);
    const saved = await lo.resave(Buffer.from(await wb.xlsx.writeBuffer()));

    const read = await sheetsOf(saved);
    expect(read).toEqual(await exceljsGrid(saved));
    expect(read.map((s) => s.name)).toEqual(['花名册', '说明']);
    expect(read[0].rows[0].cells).toEqual(Array(6).fill('某某托育中心2026年3月花名册'));
    expect(read[0].rows[1].cells).toEqual(['王小明', 5, true, new Date(Date.UTC(2025, 8, 1, 6)), -1.5, '第一行\n第二行']);
    expect(read[0].rows[2]).toEqual({ number: 4, cells: [null, null, '隔行'] });
  });
});
