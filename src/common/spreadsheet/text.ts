import iconv from 'iconv-lite';

/**
 * CSV bytes as text: UTF-8 (with or without byte order mark) when the bytes are valid UTF-8, else GB18030 — a
 * superset of GBK, which is what Excel and WPS on Chinese Windows save as "CSV".
 */
export function decodeText(buffer: Buffer): string {
  if (buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return buffer.subarray(3).toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return iconv.decode(buffer, 'gb18030');
  }
}
