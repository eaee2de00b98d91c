import { Controller, Delete, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, StreamableFile, UseInterceptors } from '@nestjs/common';
import { HttpCode } from '../infra/http/route-decorators';
import { ApiBody, ApiConsumes, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { IdempotencyInterceptor } from '../infra/http/idempotency.interceptor';
import { DocumentUploadInterceptor, UploadRequest } from './document-upload.interceptor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ANY_ROLE, Roles } from '../auth/roles.decorator';
import type { Actor } from '../common/request-context';
import { DocumentKind } from '../generated/prisma/enums';
import { ApiCreated, ApiErrors, ApiFile, ApiOkArray, ApiPage } from '../infra/http/api-docs';
import { DocumentView, ExpiringDocumentView } from './document.view';
import { DocumentsService } from './documents.service';
import { DocumentListQuery, ExpiringDocumentsQuery } from './dto/document.dto';

const UPLOAD_BODY = {
  schema: {
    type: 'object',
    required: ['file', 'kind'],
    properties: {
      file: {
        type: 'string',
        format: 'binary',
        description: 'PDF、JPEG 或 PNG（按文件内容识别），不超过 DOCUMENT_LIMIT_BYTES（默认 10 MiB）',
      },
      kind: { type: 'string', enum: Object.values(DocumentKind), description: '材料类型' },
      expiresOn: { type: 'string', format: 'date', description: '有效期至（可选）' },
    },
  },
};

/** Filing materials (备案材料) of institutions; see docs/filing-materials.md. */
@ApiTags('documents')
@Controller()
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post('institutions/:id/documents')
  @Roles('admin', 'operator')
  @UseInterceptors(DocumentUploadInterceptor, IdempotencyInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @ApiOperation({
    summary: '上传备案材料',
    description:
      'multipart/form-data: `file`, `kind`, `expiresOn?`. The type is recognised from the bytes: PDF, JPEG or PNG, else 422 FILE_TYPE_NOT_ALLOWED; larger than DOCUMENT_LIMIT_BYTES → 413. Operators: own institution, while DRAFT or RETURNED (else 409 INSTITUTION_NOT_EDITABLE). A new document of a kind other than OTHER replaces the current one of that kind, which stays in the history. Streamed into storage, never held whole in memory; with Idempotency-Key the SHA-256 of the file is part of the request hash.',
  })
  @ApiCreated(DocumentView)
  @ApiErrors({
    400: ['MULTIPART_REQUIRED', 'MULTIPART_INVALID', 'UNKNOWN_FIELD'],
    409: ['INSTITUTION_NOT_EDITABLE'],
    413: ['PAYLOAD_TOO_LARGE'],
    422: ['FILE_TYPE_NOT_ALLOWED'],
  })
  upload(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Req() req: UploadRequest) {
    return this.documents.upload(actor, id, req.documentUpload!);
  }

  @Get('institutions/:id/documents')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: '机构的备案材料',
    description: 'The current documents of the institution; `history=true` adds the removed and replaced ones (never erased).',
  })
  @ApiOkArray(DocumentView)
  list(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query() query: DocumentListQuery) {
    return this.documents.list(actor, id, query);
  }

  @Get('documents/expiring')
  @Roles('admin', 'auditor')
  @ApiOperation({
    summary: '即将到期的备案材料',
    description:
      'Health bureau worklist: current documents whose expiresOn is at most `withinDays` (default 30) days from today (Asia/Shanghai), already expired ones included (negative daysLeft), soonest first. Closed institutions are left out.',
  })
  @ApiPage(ExpiringDocumentView)
  expiring(@Query() query: ExpiringDocumentsQuery) {
    return this.documents.expiring(query);
  }

  @Get('documents/:id/content')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: '下载备案材料',
    description:
      'The file as uploaded (also a removed or replaced one), with `Content-Disposition` carrying the original (Chinese) name in `filename*` and `Cache-Control: no-store`. Every download is written to the audit log (DOCUMENT_DOWNLOADED).',
  })
  @ApiFile({ 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' })
  async content(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await this.documents.download(actor, id);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(file.stream, { type: file.contentType, disposition: file.disposition, length: file.sizeBytes });
  }

  @Delete('documents/:id')
  @HttpCode(204)
  @Roles('admin', 'operator')
  @ApiOperation({
    summary: '删除备案材料',
    description:
      'Takes the document out of the current set; it stays in the history and its content is kept. Operators: own institution, while DRAFT or RETURNED (else 409 INSTITUTION_NOT_EDITABLE). Already removed or replaced → 409 DOCUMENT_NOT_CURRENT.',
  })
  @ApiNoContentResponse({ description: '已删除（保留在历史记录中）' })
  @ApiErrors({ 409: ['INSTITUTION_NOT_EDITABLE', 'DOCUMENT_NOT_CURRENT'] })
  async remove(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.documents.remove(actor, id);
  }
}
