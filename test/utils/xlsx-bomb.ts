import { constants, crc32, deflateRawSync } from 'node:zlib';

/**
 * A small, well-formed .xlsx whose one sheet inflates to `inflatedMb` megabytes of rows: the deflate stream
 * is one compressed megabyte-block repeated (each block ends with a full flush, so blocks are independent),
 * which keeps generating the file fast and its size around a megabyte. `declaredMb` is the size the zip
 * directory claims (a bomb may lie); by default the truth.
 */
export function xlsxBomb(inflatedMb: number, declaredMb = inflatedMb): Buffer {
  const prefix = Buffer.from(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
  );
  const suffix = Buffer.from('</sheetData></worksheet>');
  const row = '<row><c t="inlineStr"><is><t>371523201501011234</t></is></c><c><v>1</v></c></row>';
  const block = Buffer.from(row.repeat(Math.ceil((1024 * 1024) / row.length)).slice(0, 1024 * 1024));
  const flush = { finishFlush: constants.Z_FULL_FLUSH, level: 9 };
  const compressedBlock = deflateRawSync(block, flush);
  const blocks = Math.max(1, Math.round(inflatedMb));
  const data = Buffer.concat([
    deflateRawSync(prefix, flush),
    ...Array.from({ length: blocks }, () => compressedBlock),
    deflateRawSync(suffix),
  ]);
  let crc = crc32(prefix);
  for (let i = 0; i < blocks; i++) crc = crc32(block, crc);
  crc = crc32(suffix, crc);
  const size = prefix.length + blocks * block.length + suffix.length;
  const declared = declaredMb === inflatedMb ? size : Math.round(declaredMb * 1024 * 1024);

  const stored = (name: string, text: string) => {
    const bytes = Buffer.from(text);
    return { name, method: 0, data: bytes, crc: crc32(bytes), size: bytes.length };
  };
  return zip([
    stored(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '</Types>',
    ),
    stored(
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
        '</Relationships>',
    ),
    stored(
      'xl/workbook.xml',
      '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    stored(
      'xl/_rels/workbook.xml.rels',
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
        '</Relationships>',
    ),
    { name: 'xl/worksheets/sheet1.xml', method: 8, data, crc, size: declared },
  ]);
}

export interface ZipEntry {
  name: string;
  method: number;
  data: Buffer;
  crc: number;
  size: number;
}

/** A zip archive of the entries as given (stored or already deflated), with a UTF-8 directory. */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += local.length + name.length + e.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
