import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { Request } from 'express';
import { catchError, from, mergeMap, Observable, throwError } from 'rxjs';
import type { Actor } from '../common/request-context';
import { APP_CONFIG, AppConfig } from '../infra/config/app-config';
import { DocumentStorage } from './document-storage';
import { DocumentsService } from './documents.service';
import { receiveUpload, ReceivedUpload } from './multipart-upload';

export type UploadRequest = Request & { actor?: Actor; documentUpload?: ReceivedUpload; file?: { sha256: string } };

/**
 * Reads a document upload before the handler (like multer's FileInterceptor, but streaming into DocumentStorage):
 * the actor's access and the filing's state are checked first, then the file is stored as it arrives. The file's
 * SHA-256 is put where the route-level IdempotencyInterceptor that follows looks for the file. If anything later
 * fails — the rules, or an idempotent replay — the stored content is removed again.
 */
@Injectable()
export class DocumentUploadInterceptor implements NestInterceptor {
  constructor(
    private readonly documents: DocumentsService,
    private readonly storage: DocumentStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<UploadRequest>();
    const institutionId = String(req.params.id);
    // a malformed id is the ParseUUIDPipe's 400: nothing to read
    if (!isUUID(institutionId)) return next.handle();
    const receive = async () => {
      await this.documents.assertCanUpload(req.actor!, institutionId);
      const received = await receiveUpload(req, {
        limitBytes: this.config.documentLimitBytes,
        store: (content) => this.storage.put(content),
      });
      req.documentUpload = received;
      if (received.file) req.file = { sha256: received.file.sha256 };
      return received;
    };
    return from(receive()).pipe(
      mergeMap((received) =>
        next
          .handle()
          .pipe(
            catchError((error: unknown) =>
              from(received.file ? this.storage.remove(received.file.stored.key).catch(() => undefined) : Promise.resolve()).pipe(
                mergeMap(() => throwError(() => error)),
              ),
            ),
          ),
      ),
    );
  }
}
