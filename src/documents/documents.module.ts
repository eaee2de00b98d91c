import { Module } from '@nestjs/common';
import { DocumentBlobsRepository } from './document-blobs.repository';
import { DocumentStorage } from './document-storage';
import { DocumentsRepository } from './documents.repository';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { DocumentUploadInterceptor } from './document-upload.interceptor';

/** Filing materials (备案材料): upload, list, download, removal, expiry worklist; content behind DocumentStorage. */
@Module({
  controllers: [DocumentsController],
  providers: [
    DocumentsService,
    DocumentsRepository,
    DocumentUploadInterceptor,
    { provide: DocumentStorage, useClass: DocumentBlobsRepository },
  ],
  exports: [DocumentsService],
})
export class DocumentsModule {}
