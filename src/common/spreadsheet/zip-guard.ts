import { createInflateRaw } from 'node:zlib';

/**
 * An .xlsx is a zip archive; a few megabytes of it can inflate to gigabytes (a "zip bomb": one sheet of a
 * million repeated cells compresses a thousandfold). Before any parser sees the file, its central directory
 * is read and every entry is inflated here once, counting bytes, so memory stays bounded by the limits:
 * the file is refused as soon as an entry or the whole is larger than a roster or bank file can
 * plausibly be, or a sheet holds more rows or cells than the parse may hold. The sizes the archive declares
 * are checked first (a refusal within milliseconds) and then the real ones (a bomb may declare small sizes).
 */

export interface ZipLimits {
  /** inflated bytes of any one entry */
  maxEntryBytes: number;
  /** inflated bytes of all entries together */
  maxTotalBytes: number;
  /** entries in the archive */
  maxEntries: number;
  /** `<row>` elements over all worksheets */
  maxRows: number;
  /** `<c>` elements (cells) over all worksheets */
  maxCells: number;
}

/**
 * A roster (5,000 children × 8 columns) or a bank file (10,000 payments × 5 columns), with the styles, a
 * theme and a few extra sheets a clerk's workbook brings, stays far below these.
 */
export const XLSX_LIMITS: ZipLimits = {
  maxEntryBytes: 24 * 1024 * 1024,
  maxTotalBytes: 48 * 1024 * 1024,
  maxEntries: 500,
  maxRows: 30_000,
  maxCells: 250_000,
};

export type ZipProblem = 'TOO_LARGE' | 'CORRUPT';

export class ZipGuardError extends Error {
  constructor(
    readonly problem: ZipProblem,
    message: string,
  ) {
    super(message);
  }
}

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function centralDirectory(buffer: Buffer, limits: ZipLimits): Entry[] {
  const lowest = Math.max(0, buffer.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buffer.length - 22; i >= lowest; i--) {
    if (buffer.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipGuardError('CORRUPT', 'no zip directory');
  const count = buffer.readUInt16LE(eocd + 10);
  const offset = buffer.readUInt32LE(eocd + 16);
  // zip64 (more than 65,535 entries or 4 GB): never needed by a roster or a bank file
  if (count === 0xffff || offset === 0xffffffff) throw new ZipGuardError('TOO_LARGE', 'zip64 archive');
  if (count > limits.maxEntries) throw new ZipGuardError('TOO_LARGE', `${count} entries`);
  const entries: Entry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > buffer.length || buffer.readUInt32LE(at) !== CENTRAL) throw new ZipGuardError('CORRUPT', 'bad central directory');
    const nameLength = buffer.readUInt16LE(at + 28);
    const entry: Entry = {
      method: buffer.readUInt16LE(at + 10),
      compressedSize: buffer.readUInt32LE(at + 20),
      uncompressedSize: buffer.readUInt32LE(at + 24),
      localHeaderOffset: buffer.readUInt32LE(at + 42),
      name: buffer.toString('utf8', at + 46, at + 46 + nameLength),
    };
    if (entry.compressedSize === 0xffffffff || entry.uncompressedSize === 0xffffffff) throw new ZipGuardError('TOO_LARGE', 'zip64 entry');
    entries.push(entry);
    at += 46 + nameLength + buffer.readUInt16LE(at + 30) + buffer.readUInt16LE(at + 32);
  }
  return entries;
}

function entryData(buffer: Buffer, entry: Entry): Buffer {
  const at = entry.localHeaderOffset;
  if (at + 30 > buffer.length || buffer.readUInt32LE(at) !== LOCAL) throw new ZipGuardError('CORRUPT', 'bad local header');
  const start = at + 30 + buffer.readUInt16LE(at + 26) + buffer.readUInt16LE(at + 28);
  const end = start + entry.compressedSize;
  if (end > buffer.length) throw new ZipGuardError('CORRUPT', 'entry beyond the end of the file');
  return buffer.subarray(start, end);
}

/**
 * Counts `<row` and `<c` elements (with or without a namespace prefix). A match is counted where it starts;
 * the last few characters of a chunk are kept for the next one, so a tag cut by the boundary counts once.
 */
class SheetCounter {
  rows = 0;
  cells = 0;
  private tail = '';
  private static readonly KEEP = 48;
  private count(text: string, before: number): void {
    for (const m of text.matchAll(/<(?:[A-Za-z_][\w.-]*:)?(row|c)[\s/>]/g)) {
      if (m.index >= before) break;
      if (m[1] === 'row') this.rows += 1;
      else this.cells += 1;
    }
  }
  feed(chunk: Buffer): void {
    const text = this.tail + chunk.toString('latin1');
    const before = Math.max(0, text.length - SheetCounter.KEEP);
    this.count(text, before);
    this.tail = text.slice(before);
  }
  flush(): void {
    this.count(this.tail, this.tail.length);
    this.tail = '';
  }
}

/** Inflates one entry, counting; stops (and throws) once it is larger than `limit` bytes. */
function inflate(data: Buffer, limit: number, onChunk?: (chunk: Buffer) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw();
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const fail = (error: ZipGuardError) => {
      if (done) return;
      done = true;
      inflate.destroy();
      reject(error);
    };
    inflate.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return fail(new ZipGuardError('TOO_LARGE', `entry inflates beyond ${limit} bytes`));
      chunks.push(chunk);
      try {
        onChunk?.(chunk);
      } catch (error) {
        fail(error instanceof ZipGuardError ? error : new ZipGuardError('CORRUPT', String(error)));
      }
    });
    inflate.on('error', () => fail(new ZipGuardError('CORRUPT', 'entry does not inflate')));
    inflate.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks, size));
    });
    inflate.end(data);
  });
}

/**
 * Throws ZipGuardError when the archive is larger, inflated, than `limits` allow (TOO_LARGE) or is not a
 * readable zip (CORRUPT); resolves when a parser may safely load it.
 */
export async function checkZip(buffer: Buffer, limits: ZipLimits = XLSX_LIMITS): Promise<void> {
  await openZip(buffer, limits);
}

/**
 * The archive's entries, inflated, by name — once every check of checkZip has passed (the entries are held in
 * memory only as far as the limits allow: at most `maxTotalBytes` together).
 */
export async function openZip(buffer: Buffer, limits: ZipLimits = XLSX_LIMITS): Promise<Map<string, Buffer>> {
  const entries = centralDirectory(buffer, limits);
  let declared = 0;
  for (const entry of entries) {
    if (entry.uncompressedSize > limits.maxEntryBytes)
      throw new ZipGuardError('TOO_LARGE', `${entry.name} declares ${entry.uncompressedSize} bytes`);
    declared += entry.uncompressedSize;
  }
  if (declared > limits.maxTotalBytes) throw new ZipGuardError('TOO_LARGE', `entries declare ${declared} bytes`);

  let total = 0;
  const counter = new SheetCounter();
  const files = new Map<string, Buffer>();
  for (const entry of entries) {
    const data = entryData(buffer, entry);
    const isSheet = /^xl\/worksheets\/[^/]+\.xml$/i.test(entry.name);
    const check = (chunk: Buffer) => {
      counter.feed(chunk);
      if (counter.rows > limits.maxRows) throw new ZipGuardError('TOO_LARGE', `more than ${limits.maxRows} rows`);
      if (counter.cells > limits.maxCells) throw new ZipGuardError('TOO_LARGE', `more than ${limits.maxCells} cells`);
    };
    let inflated: Buffer;
    if (entry.method === 0) {
      inflated = data;
      if (isSheet) check(data);
    } else if (entry.method === 8) {
      // the real size may not exceed the declared one: a parser trusting the directory would be misled
      inflated = await inflate(data, Math.min(entry.uncompressedSize, limits.maxEntryBytes), isSheet ? check : undefined);
    } else {
      throw new ZipGuardError('CORRUPT', `compression method ${entry.method}`);
    }
    if (isSheet) {
      counter.flush();
      check(Buffer.alloc(0));
    }
    total += inflated.length;
    if (total > limits.maxTotalBytes) throw new ZipGuardError('TOO_LARGE', `entries inflate beyond ${limits.maxTotalBytes} bytes`);
    files.set(entry.name, inflated);
  }
  return files;
}
