import type { Readable } from 'node:stream';

export interface StoredContent {
  /** opaque key to read the content back with */
  key: string;
  sizeBytes: number;
}

/**
 * Where the bytes of filing documents live. The rules (documents.service.ts) only see this interface, so an
 * object store can replace the PostgreSQL implementation without touching them. Content is streamed in and out:
 * no implementation may need a whole file in memory.
 */
export abstract class DocumentStorage {
  /** Stores the content read from `content`; when reading it fails, nothing stays stored and the error is rethrown. */
  abstract put(content: AsyncIterable<Uint8Array>): Promise<StoredContent>;
  /** The content stored under `key`, as a stream. */
  abstract open(key: string): Readable;
  /** Forgets content that no document refers to (an upload refused after its bytes were read). */
  abstract remove(key: string): Promise<void>;
}
