import { parse } from 'csv-parse/sync';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

/**
 * The real spreadsheet program: files are opened by headless LibreOffice (Debian's libreoffice-calc-nogui,
 * installed by .ci/run) and what it shows is read back — cells as displayed (CSV "as shown"), pages as printed
 * (PDF, split into pages by pdftotext from poppler-utils) — never re-parsed with the library that wrote them.
 */
const run = promisify(execFile);

/** CSV import as the open dialog offers it for a UTF-8 file: comma, double quote, UTF-8 (76), from line 1. */
const CSV_IMPORT = 'CSV:44,34,76,1';
/** CSV export of what the cells show (formatted text: token 9), every sheet (token 12 = -1) to its own file. */
const CSV_EXPORT = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1';

export class LibreOffice {
  private readonly dir = mkdtempSync(join(tmpdir(), 'lo-'));
  private readonly profile = pathToFileURL(join(this.dir, 'profile')).href;
  private n = 0;

  private async convert(file: Buffer, ext: 'xlsx' | 'csv', to: string): Promise<string> {
    const work = join(this.dir, `f${++this.n}`);
    rmSync(work, { recursive: true, force: true });
    const input = join(this.dir, `in${this.n}.${ext}`);
    writeFileSync(input, file);
    const args = ['--headless', '--norestore', `-env:UserInstallation=${this.profile}`];
    if (ext === 'csv') args.push(`--infilter=${CSV_IMPORT}`);
    args.push('--convert-to', to, '--outdir', work, input);
    await run('soffice', args, { timeout: 120_000 });
    return work;
  }

  /** Every sheet as the program shows its cells, by sheet name (a CSV has one sheet, named ''). */
  async cells(file: Buffer, ext: 'xlsx' | 'csv'): Promise<Map<string, string[][]>> {
    const work = await this.convert(file, ext, CSV_EXPORT);
    const sheets = new Map<string, string[][]>();
    for (const name of readdirSync(work)) {
      const sheet = /^in\d+(?:-(.*))?\.csv$/.exec(name)?.[1] ?? '';
      const text = readFileSync(join(work, name), 'utf8');
      sheets.set(sheet, parse(text, { relax_column_count: true }) as string[][]);
    }
    return sheets;
  }

  /** The file printed to PDF: page size in points and the text of each page. */
  async print(file: Buffer, ext: 'xlsx' | 'csv'): Promise<{ pdf: Buffer; width: number; height: number; pages: string[] }> {
    const work = await this.convert(file, ext, 'pdf');
    const pdfPath = join(
      work,
      readdirSync(work).find((f) => f.endsWith('.pdf'))!,
    );
    const info = (await run('pdfinfo', [pdfPath])).stdout;
    const count = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    const [, width, height] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!.map(Number);
    const pages: string[] = [];
    for (let p = 1; p <= count; p++)
      pages.push((await run('pdftotext', ['-layout', '-f', String(p), '-l', String(p), pdfPath, '-'])).stdout);
    return { pdf: readFileSync(pdfPath), width, height, pages };
  }

  /** The file saved again by the program (what a clerk's "save" writes): XLSX in, XLSX out. */
  async resave(file: Buffer): Promise<Buffer> {
    const work = await this.convert(file, 'xlsx', 'xlsx:Calc MS Excel 2007 XML');
    return readFileSync(join(work, readdirSync(work)[0]));
  }

  /** The file in LibreOffice's flat XML format (what it understood of styles and validations). */
  async flatXml(file: Buffer): Promise<string> {
    const work = await this.convert(file, 'xlsx', 'fods');
    return readFileSync(join(work, readdirSync(work)[0]), 'utf8');
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
