import type { IncomingMessage } from 'node:http';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { BadRequestError } from '../common/errors';
import { SNIFF_BYTES } from './document-kinds';
import type { StoredContent } from './document-storage';

// busboy ships no types; only what is used here
interface FileInfo {
  filename: string;
  mimeType: string;
}
interface Busboy extends NodeJS.WritableStream {
  on(event: 'field', listener: (name: string, value: string) => void): this;
  on(event: 'file', listener: (name: string, stream: Readable & { truncated?: boolean }, info: FileInfo) => void): this;
  on(event: 'error', listener: (error: unknown) => void): this;
  on(event: 'close', listener: () => void): this;
}
type BusboyFactory = (options: {
  headers: IncomingMessage['headers'];
  defParamCharset?: string;
  limits?: { fileSize?: number; files?: number; fields?: number; parts?: number; fieldSize?: number };
}) => Busboy;
const busboy = require('busboy') as BusboyFactory;

export interface ReceivedFile {
  /** the name the uploader's computer gave it (UTF-8: Chinese names arrive intact) */
  fileName: string;
  stored: StoredContent;
  sha256: string;
  /** the first bytes, for recognising the type */
  head: Buffer;
  /** longer than the limit: only the first `limitBytes` were stored */
  tooLarge: boolean;
}

export interface ReceivedUpload {
  fields: Record<string, string>;
  file: ReceivedFile | null;
  /** names of parts that were not expected (a second file, a file under another name) */
  unexpectedFiles: string[];
}

/**
 * Reads a multipart/form-data request as it arrives: text fields are collected, the part named `file` is hashed
 * (SHA-256), its first bytes kept for type recognition, and streamed into `store` — never held whole in memory.
 * A file above `limitBytes` is cut just after it (tooLarge); the caller removes what was stored and answers 413.
 */
export function receiveUpload(
  req: IncomingMessage,
  options: { limitBytes: number; store: (content: AsyncIterable<Uint8Array>) => Promise<StoredContent> },
): Promise<ReceivedUpload> {
  return new Promise((resolve, reject) => {
    let parser: Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        // one byte more than allowed: busboy flags a file that reaches its limit, we refuse one that passes ours
        limits: { fileSize: options.limitBytes + 1, files: 2, fields: 10, parts: 12, fieldSize: 4096 },
      });
    } catch {
      reject(new BadRequestError('MULTIPART_REQUIRED', '请以 multipart/form-data 上传文件（字段 file）'));
      return;
    }
    const fields: Record<string, string> = {};
    const unexpectedFiles: string[] = [];
    let pendingFile: Promise<ReceivedFile> | null = null;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      req.resume(); // read the rest so the client gets the answer instead of a broken connection
      reject(error);
    };

    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || pendingFile) {
        unexpectedFiles.push(name);
        stream.resume();
        return;
      }
      const hash = createHash('sha256');
      let head = Buffer.alloc(0);
      async function* inspected(): AsyncGenerator<Uint8Array> {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          hash.update(chunk);
          if (head.length < SNIFF_BYTES) head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
          yield chunk;
        }
      }
      pendingFile = options.store(inspected()).then((stored) => ({
        fileName: info.filename,
        stored,
        sha256: hash.digest('hex'),
        head,
        tooLarge: stored.sizeBytes > options.limitBytes,
      }));
      pendingFile.catch(fail);
    });
    parser.on('error', () => fail(new BadRequestError('MULTIPART_INVALID', '上传内容不是有效的 multipart/form-data')));
    parser.on('close', () => {
      if (failed) return;
      (pendingFile ?? Promise.resolve(null)).then((file) => resolve({ fields, file, unexpectedFiles }), fail);
    });
    req.pipe(parser);
  });
}
