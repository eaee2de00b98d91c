import ExcelJS from 'exceljs';
import { PassThrough, Readable } from 'node:stream';
import { fenToYuan } from '../common/money';
import { CSV_BOM, CsvCell, csvLine } from './csv-writer';
import { COLUMN_HEADER_ROW, EXPORT_COLUMNS, ExportCell, ExportRow } from './export-layout';

/**
 * Turns the rows of a payment file into bytes as they arrive, so a large month never sits in memory as a
 * whole file. The row source is pulled only as fast as the client reads.
 */

function toCsvCell(cell: ExportCell): CsvCell {
  if (cell === null) return null;
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return { number: String(cell) };
  return { number: fenToYuan(cell.fen) };
}

/** UTF-8 with BOM, CRLF, RFC 4180 quoting, text cells neutralised against formulas. */
export function csvStream(rows: AsyncIterable<ExportRow>): Readable {
  async function* lines() {
    yield CSV_BOM;
    for await (const row of rows) yield csvLine(row.cells.map(toCsvCell));
  }
  return Readable.from(lines(), { objectMode: false });
}

function drainedOrClosed(stream: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

const MONEY_FORMAT = '0.00';
const COUNT_FORMAT = '0';
/** Excel's Text format: account numbers and codes keep leading zeros and all their digits, even when edited. */
const TEXT_FORMAT = '@';

/**
 * Money becomes a number cell holding the yuan value: the decimal text from fenToYuan read as a number is
 * exactly what Excel would store had a clerk typed it, and '0.00' shows it with two decimals.
 */
function toXlsxValue(cell: ExportCell): { value: string | number | null; numFmt: string } {
  if (cell === null) return { value: null, numFmt: TEXT_FORMAT };
  if (typeof cell === 'string') return { value: cell, numFmt: TEXT_FORMAT };
  if (typeof cell === 'number') return { value: cell, numFmt: COUNT_FORMAT };
  return { value: Number(fenToYuan(cell.fen)), numFmt: MONEY_FORMAT };
}

/**
 * XLSX through exceljs's streaming WorkbookWriter. Text cells are typed strings in the shared-string table
 * (never formulas, whatever they start with) with the Text format; the column header row is bold and frozen.
 */
export function xlsxStream(rows: AsyncIterable<ExportRow>, sheetName: string): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', xSplit: 0, ySplit: COLUMN_HEADER_ROW }] });
  sheet.columns = EXPORT_COLUMNS.map((c, i) => ({ key: `c${i}`, width: c.width }));

  const write = async () => {
    for await (const row of rows) {
      if (out.destroyed) return;
      const added = sheet.addRow([]);
      row.cells.forEach((cell, i) => {
        const { value, numFmt } = toXlsxValue(cell);
        const target = added.getCell(i + 1);
        target.value = value;
        target.numFmt = numFmt;
        if (row.kind === 'title' || row.kind === 'columns' || row.kind === 'totals') target.font = { bold: true };
        if (row.kind === 'columns') target.alignment = { horizontal: 'center', vertical: 'middle' };
      });
      added.commit();
      // let the client catch up before producing more
      if (out.writableNeedDrain) await drainedOrClosed(out);
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}
