import { Cell, GridRow, Sheet } from './cells';
import { ZipGuardError } from './zip-guard';

/**
 * Reads the cell values of an .xlsx archive's worksheets (the archive already opened and size-checked by
 * zip-guard's openZip): the parts a roster or a bank file needs, and nothing else — the workbook's sheet
 * list and date system, the shared strings, the cell formats (to tell a date from a number) and each sheet's
 * cells and merged ranges. Styles, formulas' text, comments and drawings are not read. What it answers is what
 * the general-purpose reader it replaced (exceljs's full workbook model, ≈ 20 times slower on a 5,000-row
 * roster) answered for the same file, which test/files/xlsx-reader.e2e-spec.ts checks on workbooks written by
 * exceljs and saved by LibreOffice:
 * - a shared or inline string (rich text runs joined, phonetic guides left out, `_x000D_` escapes decoded);
 * - a number, or a Date (UTC, the way Excel counts days) when its cell format is a date or time format;
 * - a boolean; a formula's cached result (an error value, or no result, is an empty cell);
 * - the value of a merged range's first cell in every cell of the range;
 * - rows that have at least one cell with a value (or in a merged range), numbered as the sheet numbers them.
 */

type Parts = Map<string, Buffer>;

const ENTITY = /&(?:(lt)|(gt)|(amp)|(quot)|(apos)|#(\d+)|#x([0-9a-fA-F]+));/g;

function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (_m, lt, gt, amp, quot, apos, dec, hex) => {
    if (lt) return '<';
    if (gt) return '>';
    if (amp) return '&';
    if (quot) return '"';
    if (apos) return "'";
    const code = dec ? Number(dec) : parseInt(hex, 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

/** OOXML's escape for characters XML cannot carry (a carriage return is `_x000D_`), as Excel writes them in strings. */
function decodeOoxmlEscapes(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-F]{4})_/g, (_m, hex) => String.fromCharCode(parseInt(hex, 16))) : text;
}

/** A namespace prefix, as some producers write every element (`<x:c>`). */
const P = '(?:[A-Za-z_][\\w.-]*:)?';

/**
 * Every pattern of this reader is linear on any input: no nested repeats, attributes stop at `<` (XML forbids it in
 * them), and an attempt never runs past the next start of a construct that was not closed, so a malformed part cannot
 * make the parse quadratic (xlsx.spec.ts).
 */
const COMMENT = /<!--(?:(?!<!--)[\s\S])*?-->/g;

/** The attributes of every start (or empty) tag `name`, in document order, comments left out; values may hold `>`. */
function startTags(xml: string, name: string): string[] {
  const tag = new RegExp(`<${P}${name}(\\s(?:[^<>"']|"[^"<]*"|'[^'<]*')*)?>`, 'g');
  const text = xml.includes('<!--') ? xml.replace(COMMENT, '') : xml;
  return [...text.matchAll(tag)].map((m) => (m[1] ?? '').replace(/\/$/, ''));
}

const ATTRIBUTE_PATTERNS = new Map<string, RegExp>();

/** An attribute's decoded value; a name with a colon matches whatever namespace prefix the file uses (r:id, x:id). */
function attribute(attrs: string, name: string): string | undefined {
  if (!name.includes(':')) {
    // the common case: ` name="value"` with nothing to decode
    const at = attrs.indexOf(` ${name}="`);
    if (at >= 0) {
      const start = at + name.length + 3;
      const end = attrs.indexOf('"', start);
      const value = attrs.slice(start, end);
      return value.includes('&') ? decodeXml(value) : value;
    }
  }
  let pattern = ATTRIBUTE_PATTERNS.get(name);
  if (!pattern) {
    const local = name.includes(':') ? `(?:[A-Za-z_][\\w.-]*:)${name.split(':')[1]}` : name;
    pattern = new RegExp(`(?:^|\\s)${local}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    ATTRIBUTE_PATTERNS.set(name, pattern);
  }
  const m = pattern.exec(attrs);
  return m ? decodeXml(m[1] ?? m[2]) : undefined;
}

function xmlText(parts: Parts, name: string): string | undefined {
  const data = parts.get(name) ?? [...parts].find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
  if (!data) return undefined;
  const text = data.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A relationship's target, as a path inside the archive (targets are relative to the folder of the part that names them). */
function resolveTarget(fromFolder: string, target: string): string {
  const path = target.startsWith('/') ? target.slice(1) : `${fromFolder}${target}`;
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '..') out.pop();
    else if (segment !== '.' && segment !== '') out.push(segment);
  }
  return out.join('/');
}

function relationships(parts: Parts, relsPath: string, fromFolder: string): { id: string; type: string; target: string }[] {
  const xml = xmlText(parts, relsPath);
  if (!xml) return [];
  return startTags(xml, 'Relationship').map((attrs) => ({
    id: attribute(attrs, 'Id') ?? '',
    type: attribute(attrs, 'Type') ?? '',
    target: resolveTarget(fromFolder, attribute(attrs, 'Target') ?? ''),
  }));
}

function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash + 1);
}

function relsOf(path: string): string {
  return `${folderOf(path)}_rels/${path.slice(folderOf(path).length)}.rels`;
}

/**
 * Excel's built-in date and time formats (ids 14–22, 45–47, and the East Asian ones 27–36, 50–58, which a Chinese
 * Excel or WPS uses for 2025年9月1日), and a custom format that shows a year, month, day, hour, minute or second
 * (outside quoted text and [brackets], as the replaced reader judged it).
 */
const BUILT_IN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

function isDateFormat(code: string): boolean {
  return /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** For each cell format index (a cell's `s`), whether it shows a date. */
function dateStyles(xml: string | undefined): boolean[] {
  if (!xml) return [];
  const custom = new Map(
    startTags(xml, 'numFmt').map((attrs) => [Number(attribute(attrs, 'numFmtId')), attribute(attrs, 'formatCode') ?? '']),
  );
  const cellXfs = element('cellXfs', '').exec(xml)?.[2] ?? '';
  return startTags(cellXfs, 'xf').map((attrs) => {
    const id = Number(attribute(attrs, 'numFmtId') ?? 0);
    const code = custom.get(id);
    return code !== undefined ? isDateFormat(code) : BUILT_IN_DATE_FORMATS.has(id);
  });
}

/**
 * An element `name` (with any namespace prefix): its attributes (group 1) and, unless it is empty, its content
 * (group 2). Attributes stop at `<`, and the content runs to the first end or start of the same element (these
 * parts do not nest an element in itself), so on a part that never closes the element each attempt ends at the
 * next one: linear time on any input.
 */
function element(name: string, flags = 'g'): RegExp {
  return new RegExp(`<${P}${name}(\\s[^<>]*?)?(?:/>|>((?:[^<]|<(?!/?${P}${name}[\\s/>]))*)</${P}${name}>)`, flags);
}

const STRING_ITEM = element('si');
const TEXT_RUN = element('t');
const PHONETIC = element('rPh');
const CDATA = /<!\[CDATA\[((?:(?!<!\[CDATA\[)[\s\S])*?)\]\]>/g;

/** Line ends as an XML processor must pass them on: CR LF and a lone CR as LF (an escaped `&#13;` stays a CR). */
function lineEnds(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** Character data of an element's content: line ends normalised, entities decoded, CDATA sections as they are. */
function characterData(raw: string): string {
  raw = lineEnds(raw);
  if (!raw.includes('<![CDATA[')) return decodeXml(raw);
  let out = '';
  let at = 0;
  for (const m of raw.matchAll(CDATA)) {
    out += decodeXml(raw.slice(at, m.index)) + m[1];
    at = m.index + m[0].length;
  }
  return out + decodeXml(raw.slice(at));
}

/**
 * The text of a string item (an `<si>` of the shared strings, the `<is>` of an inline string): its `<t>` elements
 * joined, those of a phonetic guide (`<rPh>`) left out.
 */
function stringItemText(content: string): string {
  const runs = content.includes('rPh') ? content.replace(PHONETIC, '') : content;
  let text = '';
  for (const m of runs.matchAll(TEXT_RUN)) if (m[2]) text += characterData(m[2]);
  return decodeOoxmlEscapes(text);
}

function sharedStrings(xml: string | undefined): string[] {
  if (!xml) return [];
  return [...xml.matchAll(STRING_ITEM)].map((m) => (m[2] ? stringItemText(m[2]) : ''));
}

/** "BC12" → column 55 (1-based) and row 12; undefined parts when the reference lacks them. */
function cellReference(ref: string | undefined): { column?: number; row?: number } {
  if (!ref) return {};
  let at = ref.charCodeAt(0) === 36 ? 1 : 0; // $
  let column = 0;
  for (; at < ref.length; at++) {
    const c = ref.charCodeAt(at) | 0x20; // lower case
    if (c < 97 || c > 122) break;
    column = column * 26 + (c - 96);
  }
  if (column === 0) return {};
  if (ref.charCodeAt(at) === 36) at++;
  const digits = ref.slice(at);
  return { column, row: /^\d+$/.test(digits) ? Number(digits) : undefined };
}

interface Book {
  strings: string[];
  dateStyle: boolean[];
  date1904: boolean;
}

/** Excel's day count (with its fraction of a day) as a UTC instant, in the workbook's date system. */
function excelDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

/** What a sheet holds: rows by number, cells by column (1-based); only cells that have a value (or lie in a merged range). */
type Grid = Map<number, Map<number, Cell>>;

const ROW = element('row');
const CELL = element('c');
const VALUE = element('v', '');
const INLINE = element('is', '');
const MERGE = new RegExp(`<${P}mergeCell\\s[^<>]*>`, 'g');

/** A cell's value from its type (`t`), its format and its content (a formula's `<f>` is not read, its cached `<v>` is). */
function cellValue(type: string, isDate: boolean, content: string, book: Book): { value: Cell } | null {
  if (type === 'inlineStr') {
    const inline = INLINE.exec(content);
    return inline ? { value: inline[2] ? stringItemText(inline[2]) : '' } : null;
  }
  let raw: string;
  // the common case, `<v>12</v>` without a prefix or attributes, without a regular expression
  const open = content.indexOf('<v>');
  const close = open < 0 ? -1 : content.indexOf('</v>', open);
  if (close > 0) raw = content.slice(open + 3, close);
  else {
    const v = VALUE.exec(content);
    if (!v) return null;
    raw = v[2] ?? '';
  }
  const text = characterData(raw);
  switch (type) {
    case 's': {
      const shared = book.strings[Number(text)];
      return { value: shared === undefined ? null : shared };
    }
    case 'str':
      return { value: text };
    case 'b':
      return { value: text.trim() === '1' || text.trim().toLowerCase() === 'true' };
    case 'e':
      return { value: null };
    case 'd': {
      const d = new Date(text.trim());
      return { value: Number.isNaN(d.getTime()) ? text : d };
    }
    default: {
      const n = parseFloat(text);
      if (Number.isNaN(n)) return { value: null };
      return { value: isDate ? excelDate(n, book.date1904) : n };
    }
  }
}

function readSheet(xml: string, book: Book, maxCells: number): Grid {
  const grid: Grid = new Map();
  let rowNumber = 0;
  let cells = 0;
  for (const rowMatch of xml.matchAll(ROW)) {
    const rowRef = rowMatch[1] ? attribute(rowMatch[1], 'r') : undefined;
    const r = Number(rowRef);
    rowNumber = rowRef !== undefined && Number.isInteger(r) && r > 0 ? r : rowNumber + 1;
    const content = rowMatch[2];
    if (!content) continue;
    let row = grid.get(rowNumber);
    let column = 0;
    for (const cellMatch of content.matchAll(CELL)) {
      if (++cells > maxCells) throw new ZipGuardError('TOO_LARGE', `more than ${maxCells} cells`);
      const attrs = cellMatch[1];
      const type = (attrs && attribute(attrs, 't')) || 'n';
      const style = attrs ? Number(attribute(attrs, 's') ?? 0) : 0;
      column = cellReference(attrs && attribute(attrs, 'r')).column ?? column + 1;
      if (!cellMatch[2]) continue;
      const found = cellValue(type, book.dateStyle[style] === true, cellMatch[2], book);
      if (!found) continue;
      if (!row) grid.set(rowNumber, (row = new Map()));
      row.set(column, found.value);
    }
  }

  const merges = [...xml.matchAll(MERGE)].map((m) => attribute(m[0], 'ref')).filter((ref) => ref !== undefined);
  // a merged range shows its first cell's value in every cell (as the replaced reader answered)
  let filled = cells;
  for (const ref of merges) {
    const [from, to] = ref.split(':').map(cellReference);
    if (!from?.row || !from.column || !to?.row || !to.column) continue;
    const top = Math.min(from.row, to.row);
    const left = Math.min(from.column, to.column);
    const bottom = Math.max(from.row, to.row);
    const right = Math.max(from.column, to.column);
    filled += (bottom - top + 1) * (right - left + 1);
    if (filled > maxCells) throw new ZipGuardError('TOO_LARGE', `merged ranges cover more than ${maxCells} cells`);
    const master = grid.get(top)?.get(left) ?? null;
    for (let r = top; r <= bottom; r++) {
      let cellsOfRow = grid.get(r);
      if (!cellsOfRow) grid.set(r, (cellsOfRow = new Map()));
      for (let c = left; c <= right; c++) if (r !== top || c !== left) cellsOfRow.set(c, master);
    }
  }
  return grid;
}

/** exceljs-compatible plain cell: strings trimmed, a blank string an empty cell */
function plain(cell: Cell): Cell {
  if (typeof cell === 'string') {
    const t = cell.trim();
    return t === '' ? null : t;
  }
  return cell;
}

function toRows(grid: Grid): GridRow[] {
  return [...grid.keys()]
    .sort((a, b) => a - b)
    .filter((n) => grid.get(n)!.size > 0)
    .map((number) => {
      const byColumn = grid.get(number)!;
      const width = Math.max(...byColumn.keys());
      const cells: Cell[] = new Array<Cell>(width).fill(null);
      for (const [c, v] of byColumn) cells[c - 1] = plain(v);
      return { number, cells };
    });
}

/** Every worksheet of the archive, in the workbook's order. Throws ZipGuardError('CORRUPT') when there is no workbook. */
export function readXlsx(parts: Parts, maxCells: number): Sheet[] {
  const officeDocument = relationships(parts, '_rels/.rels', '').find((r) => r.type.endsWith('/officeDocument'));
  const workbookPath = officeDocument?.target ?? 'xl/workbook.xml';
  const workbookXml = xmlText(parts, workbookPath);
  if (!workbookXml) throw new ZipGuardError('CORRUPT', 'no workbook part');
  const rels = relationships(parts, relsOf(workbookPath), folderOf(workbookPath));
  const target = (suffix: string) => rels.find((r) => r.type.endsWith(suffix))?.target;

  const workbookPr = startTags(workbookXml, 'workbookPr')[0];
  const date1904 = workbookPr !== undefined && ['1', 'true'].includes(attribute(workbookPr, 'date1904') ?? '');
  const book: Book = {
    strings: sharedStrings(xmlText(parts, target('/sharedStrings') ?? `${folderOf(workbookPath)}sharedStrings.xml`)),
    dateStyle: dateStyles(xmlText(parts, target('/styles') ?? `${folderOf(workbookPath)}styles.xml`)),
    date1904,
  };

  const sheets: Sheet[] = [];
  for (const attrs of startTags(workbookXml, 'sheet')) {
    const rel = rels.find((r) => r.id === attribute(attrs, 'r:id'));
    if (!rel || !rel.type.endsWith('/worksheet')) continue;
    const xml = xmlText(parts, rel.target);
    if (xml === undefined) continue;
    sheets.push({ name: attribute(attrs, 'name') ?? '', rows: toRows(readSheet(xml, book, maxCells)) });
  }
  return sheets;
}
