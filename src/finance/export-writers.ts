import ExcelJS from 'exceljs';
import { PassThrough, Readable } from 'node:stream';
import { fenToYuan } from '../common/money';
import { CSV_BOM, CsvCell, csvLine } from './csv-writer';
import { ExportCell, ExportColumn, ExportRow } from './export-layout';

/**
 * Turns the rows of a file (the payment list, per-child lines, reconciliation, the audit log) into bytes as
 * they arrive, so a large month never sits in memory as a whole file. The row source is pulled only as fast
 * as the client reads.
 */

function toCsvCell(cell: ExportCell): CsvCell {
  if (cell === null) return null;
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return { number: String(cell) };
  return { literal: fenToYuan(cell.fen) };
}

/**
 * UTF-8 with BOM, CRLF, RFC 4180 quoting, text cells neutralised against formulas, digits (account numbers,
 * all-digit codes) and amounts written so a spreadsheet program shows them exactly (1000.00, every digit).
 */
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
 * exactly what Excel would store had a clerk typed it, and the money format shows it with two decimals.
 */
function toXlsxValue(cell: ExportCell): { value: string | number | null; numFmt: string } {
  // an empty cell keeps the Text format: a voucher number typed into it later stays text
  if (cell === null || cell === '') return { value: null, numFmt: TEXT_FORMAT };
  if (typeof cell === 'string') return { value: cell, numFmt: TEXT_FORMAT };
  if (typeof cell === 'number') return { value: cell, numFmt: COUNT_FORMAT };
  return { value: Number(fenToYuan(cell.fen)), numFmt: MONEY_FORMAT };
}

export interface XlsxLayout {
  sheetName: string;
  columns: readonly ExportColumn[];
  /** 1-based row of the column header: frozen on screen, repeated at the top of every printed page */
  headerRow: number;
  /** printed at the top of every page (a draft's mark), else the title */
  pageHeader: string;
  /** printed with larger bold type: the page header is a warning */
  pageHeaderIsWarning?: boolean;
}

/** Text in a page header or footer: '&' starts a code there. */
function headerText(text: string): string {
  return text.replace(/&/g, '&&');
}

const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const TABLE_ROWS = new Set(['columns', 'institution', 'totals', 'line']);

/**
 * XLSX through exceljs's streaming WorkbookWriter. Text cells are typed strings in the shared-string table
 * (never formulas, whatever they start with) with the Text format; the column header row is bold and frozen.
 * Printing: A4 landscape, one page wide (as many pages long as needed), the column header repeated on every
 * page, the page header (the draft mark) and 第 N 页 共 M 页 on every page.
 */
export function xlsxStream(rows: AsyncIterable<ExportRow>, layout: XlsxLayout): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true });
  const header = layout.pageHeaderIsWarning ? `&C&"-,Bold"&14${headerText(layout.pageHeader)}` : `&C${headerText(layout.pageHeader)}`;
  const sheet = workbook.addWorksheet(layout.sheetName, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: layout.headerRow }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0, // as many pages long as needed
      horizontalCentered: true,
      printTitlesRow: `${layout.headerRow}:${layout.headerRow}`,
      margins: { left: 0.4, right: 0.4, top: 0.7, bottom: 0.7, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddHeader: header, oddFooter: '&C第 &P 页 共 &N 页' },
  });
  sheet.columns = layout.columns.map((c, i) => ({ key: `c${i}`, width: c.width }));
  const tableWidth = layout.columns.length;

  const write = async () => {
    for await (const row of rows) {
      if (out.destroyed) return;
      const added = sheet.addRow([]);
      const inTable = TABLE_ROWS.has(row.kind);
      const count = inTable ? tableWidth : row.cells.length;
      for (let i = 0; i < count; i++) {
        const { value, numFmt } = toXlsxValue(row.cells[i] ?? null);
        const target = added.getCell(i + 1);
        target.value = value;
        target.numFmt = numFmt;
        if (row.kind === 'title' || row.kind === 'columns' || row.kind === 'totals' || row.kind === 'signoff') target.font = { bold: true };
        if (row.kind === 'columns') target.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
        else if (inTable) target.alignment = { vertical: 'middle', wrapText: layout.columns[i]?.type === 'text' };
        if (inTable) target.border = BORDER;
      }
      if (row.kind === 'signoff') added.height = 32;
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
