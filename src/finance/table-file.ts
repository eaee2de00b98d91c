import type { Readable } from 'node:stream';
import { shanghaiTimestamp } from '../common/month';
import { contentDisposition, ExportCell, ExportColumn, ExportFormat, ExportRow } from './export-layout';
import { csvStream, xlsxStream } from './export-writers';

/**
 * A downloadable table (per-child lines, reconciliation, the audit log): a title and a few facts above the
 * column header, one row per record, optional rows after them (totals, sign-off) — as CSV or as an XLSX that
 * prints like the payment list (A4 landscape, one page wide, header repeated, page numbers).
 */
export interface TableFileSpec {
  title: string;
  meta: [string, string][];
  columns: readonly ExportColumn[];
  sheetName: string;
  /** file name without extension: Chinese and an ASCII fallback */
  fileName: { utf8: string; ascii: string };
  generatedAt: Date;
  generatedBy: string;
}

export interface ExportFile {
  stream: Readable;
  contentType: string;
  disposition: string;
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function tableFile(
  spec: TableFileSpec,
  format: ExportFormat,
  body: AsyncIterable<ExportCell[]>,
  footer: () => Promise<ExportRow[]> = () => Promise.resolve([]),
): ExportFile {
  const meta: ExportRow[] = [
    ...spec.meta.map(([k, v]): ExportRow => ({ kind: 'meta', cells: [k, v] })),
    { kind: 'meta', cells: ['生成时间', shanghaiTimestamp(spec.generatedAt)] },
    { kind: 'meta', cells: ['生成人', spec.generatedBy] },
  ];
  async function* rows(): AsyncGenerator<ExportRow> {
    yield { kind: 'title', cells: [spec.title] };
    yield* meta;
    yield { kind: 'blank', cells: [] };
    yield { kind: 'columns', cells: spec.columns.map((c) => c.title) };
    for await (const cells of body) yield { kind: 'line', cells };
    yield* await footer();
  }
  const headerRow = meta.length + 3;
  return {
    stream:
      format === 'csv'
        ? csvStream(rows())
        : xlsxStream(rows(), { sheetName: spec.sheetName, columns: spec.columns, headerRow, pageHeader: spec.title }),
    contentType: CONTENT_TYPES[format],
    disposition: contentDisposition({ utf8: `${spec.fileName.utf8}.${format}`, ascii: `${spec.fileName.ascii}.${format}` }),
  };
}
