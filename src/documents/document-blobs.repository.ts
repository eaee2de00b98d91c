import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { PrismaService } from '../infra/database/prisma.service';
import { DocumentStorage, StoredContent } from './document-storage';

/** Size of one stored chunk (a bytea row of document_chunks). */
export const CHUNK_BYTES = 256 * 1024;

/**
 * DocumentStorage in PostgreSQL: one document_blobs row per file, its bytes in document_chunks rows of at most
 * CHUNK_BYTES, written as they arrive and read back one at a time. Nothing extra to run, backed up with the database.
 */
@Injectable()
export class DocumentBlobsRepository extends DocumentStorage {
  constructor(private readonly prisma: PrismaService) {
    super();
  }

  async put(content: AsyncIterable<Uint8Array>): Promise<StoredContent> {
    const blob = await this.prisma.documentBlob.create({ data: {}, select: { id: true } });
    let seq = 0;
    let size = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async (all: boolean) => {
      while (pendingBytes >= CHUNK_BYTES || (all && pendingBytes > 0)) {
        const joined = Buffer.concat(pending);
        const data = joined.subarray(0, Math.min(CHUNK_BYTES, joined.length));
        const rest = joined.subarray(data.length);
        await this.prisma.documentChunk.create({ data: { blobId: blob.id, seq, data: new Uint8Array(data) } });
        seq += 1;
        pending = rest.length ? [rest] : [];
        pendingBytes = rest.length;
      }
    };
    try {
      for await (const piece of content) {
        pending.push(Buffer.from(piece));
        pendingBytes += piece.length;
        size += piece.length;
        if (pendingBytes >= CHUNK_BYTES) await flush(false);
      }
      await flush(true);
      await this.prisma.documentBlob.update({ where: { id: blob.id }, data: { sizeBytes: size } });
      return { key: blob.id, sizeBytes: size };
    } catch (error) {
      await this.remove(blob.id).catch(() => undefined);
      throw error;
    }
  }

  open(key: string): Readable {
    const prisma = this.prisma;
    async function* chunks() {
      for (let seq = 0; ; seq += 1) {
        const row = await prisma.documentChunk.findUnique({ where: { blobId_seq: { blobId: key, seq } }, select: { data: true } });
        if (!row) return;
        yield Buffer.from(row.data);
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  async remove(key: string): Promise<void> {
    await this.prisma.documentBlob.deleteMany({ where: { id: key } });
  }
}
