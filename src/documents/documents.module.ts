import { Module } from '@nestjs/common';
import { DocumentStorage } from './document-storage';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { DocumentUploadInterceptor } from './document-upload.interceptor';
import { PgDocumentStorage } from './pg-document-storage';

/** Filing materials (备案材料): upload, list, download, removal, expiry worklist; content behind DocumentStorage. */
@Module({
  controllers: [DocumentsController],
  providers: [DocumentsService, DocumentUploadInterceptor, { provide: DocumentStorage, useClass: PgDocumentStorage }],
  exports: [DocumentsService],
})
export class DocumentsModule {}
