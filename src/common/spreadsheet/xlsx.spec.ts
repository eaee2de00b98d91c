import ExcelJS from 'exceljs';
import { exceljsGrid, workbookParts, xlsxFromParts } from '../../../test/utils/xlsx-parts';
import { PayloadTooLargeError, UnprocessableError } from '../errors';
import { readSpreadsheet } from './read';

const MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

async function sheetsOf(buffer: Buffer) {
  return (await readSpreadsheet(buffer, { filename: 'x.xlsx' })).sheets;
}

describe('the XLSX reader', () => {
  it('reads what the general-purpose reader read, for a workbook with every kind of cell', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('填写说明').addRow(['请按模板填写', null, '  前后有空格  ']);
    const sheet = wb.addWorksheet('花名册');
    sheet.addRow(['某某托育中心2026年3月花名册']);
    sheet.mergeCells('A1:H1');
    sheet.addRow(['身份证号', '姓名', '孩次', '监护人', '联系电话', '入托日期', '离托日期', '出勤天数']);
    sheet.addRow([
      '371523202403010012',
      '张&小<红>"',
      2,
      { richText: [{ text: '李' }, { text: '四', font: { bold: true } }] },
      13800001111,
      new Date(Date.UTC(2025, 8, 1)),
      null,
      20,
    ]);
    sheet.addRow([
      // an ID number typed into a number cell: a double keeps about 16 digits of it
      Number('371523202403010012'),
      '第一行\r\n第二行',
      { formula: '1+1', result: 2 },
      { formula: 'A1', result: '文字结果' },
      true,
      45901.5,
      { error: '#N/A' },
      -3.25,
    ]);
    sheet.getCell('F4').numFmt = 'yyyy-mm-dd hh:mm';
    sheet.addRow([]);
    sheet.addRow([
      { text: '链接', hyperlink: 'https://example.org' },
      '😀',
      false,
      { formula: 'TODAY()', result: new Date(Date.UTC(2026, 2, 31)) },
    ]);
    sheet.getRow(7).getCell(10).value = '远处的单元格';
    sheet.mergeCells('B8:C9');
    sheet.getCell('B8').value = '合并';
    const hidden = wb.addWorksheet('隐藏', { state: 'hidden' });
    hidden.addRow([1, 2, 3]);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());

    const read = await sheetsOf(buffer);
    expect(read).toEqual(await exceljsGrid(buffer));
    // and what that is, spelled out for the roster's sheet
    expect(read[1].rows[0]).toEqual({ number: 1, cells: Array(8).fill('某某托育中心2026年3月花名册') });
    expect(read[1].rows[2].cells).toEqual([
      '371523202403010012',
      '张&小<红>"',
      2,
      '李四',
      13800001111,
      new Date(Date.UTC(2025, 8, 1)),
      null,
      20,
    ]);
    expect(read[1].rows[3].cells.slice(0, 6)).toEqual([
      371523202403010000,
      '第一行\n第二行',
      2,
      '文字结果',
      true,
      new Date(Date.UTC(2025, 8, 1, 12)),
    ]);
    expect(read[1].rows.map((r) => r.number)).toEqual([1, 2, 3, 4, 6, 7, 8, 9]);
    expect(read[1].rows[5].cells[9]).toBe('远处的单元格');
    expect(read[1].rows[7].cells).toEqual([null, '合并', '合并']);
  });

  it('counts dates in the 1904 date system when the workbook says so', async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    wb.addWorksheet('s').addRow([new Date(Date.UTC(2025, 8, 1))]);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    expect(await sheetsOf(buffer)).toEqual(await exceljsGrid(buffer));
    expect((await sheetsOf(buffer))[0].rows[0].cells[0]).toEqual(new Date(Date.UTC(2025, 8, 1)));
  });

  it('reads parts as other programs write them: a namespace prefix, inline strings, phonetic guides, CDATA, no cell references', async () => {
    const styles =
      `<styleSheet ${MAIN}><numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>` +
      '<numFmt numFmtId="177" formatCode="0.00_);[Red]\\(0.00\\)"/></numFmts>' +
      '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>' +
      '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="176"/><xf numFmtId="31"/><xf numFmtId="177"/><xf numFmtId="14"/></cellXfs></styleSheet>';
    const shared =
      `<x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">` +
      '<x:si><x:t>身份证号</x:t></x:si>' +
      '<x:si><x:r><x:t xml:space="preserve">王 </x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>小明</x:t></x:r><x:rPh sb="0" eb="1"><x:t>wang</x:t></x:rPh></x:si>' +
      '<x:si><x:t>A&amp;B_x000D_C&#x4E2D;</x:t></x:si></x:sst>';
    const sheet =
      `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
      '<x:row r="2"><x:c r="A2" t="s"><x:v>0</x:v></x:c><x:c r="C2" t="s"><x:v>1</x:v></x:c></x:row>' +
      '<x:row><x:c t="inlineStr"><x:is><x:t><![CDATA[<内联>]]></x:t></x:is></x:c><x:c t="s"><x:v>2</x:v></x:c><x:c s="1"><x:v>45901</x:v></x:c>' +
      '<x:c s="2"><x:v>45902</x:v></x:c><x:c s="3"><x:v>45903</x:v></x:c><x:c s="4"><x:f>DATE(2025,9,4)</x:f><x:v>45904</x:v></x:c></x:row>' +
      '<x:row r="5"><x:c r="B5" t="b"><x:v>0</x:v></x:c><x:c r="C5" t="e"><x:v>#DIV/0!</x:v></x:c><x:c r="D5" t="str"><x:f>A1</x:f><x:v> 公式 </x:v></x:c>' +
      '<x:c r="E5" t="d"><x:v>2025-09-05T00:00:00Z</x:v></x:c><x:c r="F5" s="1"/></x:row>' +
      '<x:row r="6"><x:c r="A6" s="1"/><x:c r="B6"><x:v></x:v></x:c></x:row>' +
      '</x:sheetData><x:mergeCells count="0"/></x:worksheet>';
    const buffer = xlsxFromParts(
      workbookParts({
        workbook: `<workbook ${MAIN} ${R}><workbookPr/><sheets><sheet name="A&amp;B 名册" sheetId="7" r:id="rId1"/></sheets></workbook>`,
        sheets: [sheet],
        sharedStrings: shared,
        styles,
      }),
    );
    const [read] = await sheetsOf(buffer);
    expect(read.name).toBe('A&B 名册');
    expect(read.rows).toEqual([
      { number: 2, cells: ['身份证号', null, '王 小明'] },
      {
        number: 3,
        cells: [
          '<内联>',
          'A&B\rC中',
          new Date(Date.UTC(2025, 8, 1)),
          // built-in 31 is the Chinese 2025年9月1日 format
          new Date(Date.UTC(2025, 8, 2)),
          45903,
          new Date(Date.UTC(2025, 8, 4)),
        ],
      },
      { number: 5, cells: [null, false, null, '公式', new Date(Date.UTC(2025, 8, 5))] },
      { number: 6, cells: [null, null] },
    ]);
  });

  it('refuses merged ranges wider than a sheet may hold, and a zip that is not a workbook', async () => {
    const sheet = `<worksheet ${MAIN}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData><mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>`;
    const bomb = xlsxFromParts(
      workbookParts({
        workbook: `<workbook ${MAIN} ${R}><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>`,
        sheets: [sheet],
      }),
    );
    await expect(sheetsOf(bomb)).rejects.toBeInstanceOf(PayloadTooLargeError);
    const notAWorkbook = xlsxFromParts({ 'readme.txt': 'hello' });
    await expect(sheetsOf(notAWorkbook)).rejects.toBeInstanceOf(UnprocessableError);
    await expect(sheetsOf(notAWorkbook)).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
  });

  it('takes linear time on parts that never close what they open (no quadratic scan of a malformed file)', async () => {
    const workbook = `<workbook ${MAIN} ${R}><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>`;
    const malformed = [
      // rows, cells, values and CDATA sections that are opened and never closed
      { sheets: [`<worksheet ${MAIN}><sheetData>${'<row r="1"><c r="A1"><v>1'.repeat(20_000)}</sheetData></worksheet>`] },
      {
        sheets: [
          `<worksheet ${MAIN}><sheetData><row r="1">${'<c t="inlineStr"><is><t><![CDATA[x'.repeat(40_000)}</row></sheetData></worksheet>`,
        ],
      },
      // shared strings and text runs never closed; tags never ended
      {
        sheets: [`<worksheet ${MAIN}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`],
        sharedStrings: `<sst ${MAIN}>${'<si><r><t>x'.repeat(100_000)}</sst>`,
      },
      {
        sheets: [`<worksheet ${MAIN}><sheetData></sheetData></worksheet>`],
        styles: `<styleSheet ${MAIN}><!--${'<a b="1" c'.repeat(100_000)}</styleSheet>`,
      },
    ];
    const started = Date.now();
    for (const parts of malformed) {
      const file = xlsxFromParts(workbookParts({ workbook, ...parts }));
      // read as what can be read, or refused as unreadable: either way at once
      await readSpreadsheet(file, { filename: 'x.xlsx' }).catch((error: unknown) => expect(error).toBeInstanceOf(UnprocessableError));
    }
    // quadratic scans of these parts take minutes; a linear reader takes well under a second each
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
