import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AuditService } from '../audit/audit.service';
import { assertInstitutionAccess, isOperator } from '../auth/access';
import { BadRequestError, ConflictError, DomainError, NotFoundError, UnprocessableError } from '../common/errors';
import { shanghaiToday } from '../common/month';
import { Page, skipTake, toPage } from '../common/pagination';
import type { Actor } from '../common/request-context';
import type { DocumentKind, InstitutionStatus } from '../generated/prisma/enums';
import { Clock } from '../infra/clock/clock';
import { APP_CONFIG, AppConfig } from '../infra/config/app-config';
import { Transactions, Tx } from '../infra/database/transactions';
import { contentDisposition, DOCUMENT_KIND_LABELS, missingKindProblems, replacesPrevious, sniffContentType } from './document-kinds';
import { DocumentStorage } from './document-storage';
import { DocumentView, ExpiringDocumentView, toDocumentView } from './document.view';
import { DocumentsRepository, type Document } from './documents.repository';
import { DocumentListQuery, ExpiringDocumentsQuery, UploadDocumentFields } from './dto/document.dto';
import type { ReceivedUpload } from './multipart-upload';

/** 413: the uploaded file is larger than DOCUMENT_LIMIT_BYTES. */
export class DocumentTooLargeError extends DomainError {
  readonly status = 413;
  constructor(limitBytes: number) {
    super('PAYLOAD_TOO_LARGE', `文件超过大小上限（${Math.floor(limitBytes / 1024 / 1024)} MiB）`);
  }
}

/** Statuses in which an operator may add and remove their institution's documents. */
export const DOCUMENTS_EDITABLE: readonly InstitutionStatus[] = ['DRAFT', 'RETURNED'];

export interface DocumentDownload {
  stream: Readable;
  contentType: string;
  sizeBytes: number;
  disposition: string;
}

const DAY_MS = 24 * 3600 * 1000;
const dateOnly = (s: string) => new Date(`${s}T00:00:00Z`);

/**
 * Filing materials: upload (type recognised from the bytes, size-limited, SHA-256), list, download (audited),
 * removal. Never erased: a removed or replaced document stays in the history. Content lives behind DocumentStorage.
 */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly documents: DocumentsRepository,
    private readonly storage: DocumentStorage,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Refuses before any bytes are read: another institution (404), a filing the operator may not change (409). */
  async assertCanUpload(actor: Actor, institutionId: string): Promise<void> {
    assertInstitutionAccess(actor, institutionId);
    this.assertEditable(actor, await this.institutionStatus(undefined, institutionId));
  }

  /** Files an upload already read into storage (DocumentUploadInterceptor); its content is removed when refused. */
  async upload(actor: Actor, institutionId: string, received: ReceivedUpload): Promise<DocumentView> {
    await this.assertCanUpload(actor, institutionId);
    const limitBytes = this.config.documentLimitBytes;
    const file = received.file;
    try {
      if (!file) throw new UnprocessableError('缺少上传文件', [{ field: 'file', code: 'REQUIRED', message: '请在字段 file 中上传文件' }]);
      if (file.tooLarge) throw new DocumentTooLargeError(limitBytes);
      if (received.unexpectedFiles.length) {
        throw new BadRequestError('UNKNOWN_FIELD', `只接受一个文件字段 file（多出：${received.unexpectedFiles.join('、')}）`);
      }
      const fields = this.parseFields(received.fields);
      const contentType = sniffContentType(file.head);
      if (!contentType) {
        throw new UnprocessableError(
          '只接受 PDF、JPEG 或 PNG 文件',
          [{ field: 'file', code: 'FILE_TYPE_NOT_ALLOWED', message: '文件内容不是 PDF、JPEG 或 PNG（按文件内容识别，与文件名无关）' }],
          'FILE_TYPE_NOT_ALLOWED',
        );
      }
      const fileName = cleanFileName(file.fileName);
      return await this.transactions.run(async (tx) => {
        this.assertEditable(actor, await this.institutionStatus(tx, institutionId, true));
        const now = this.clock.now();
        const created = await this.documents.create(tx, {
          institutionId,
          kind: fields.kind,
          fileName,
          contentType,
          sizeBytes: file.stored.sizeBytes,
          sha256: file.sha256,
          storageKey: file.stored.key,
          expiresOn: fields.expiresOn ? dateOnly(fields.expiresOn) : null,
          uploadedById: actor.id,
          uploadedAt: now,
        });
        let replaced: Document[] = [];
        if (replacesPrevious(fields.kind)) {
          replaced = await this.documents.currentOfKind(tx, institutionId, fields.kind, created.id);
          await this.documents.markReplaced(
            tx,
            replaced.map((d) => d.id),
            now,
            created.id,
          );
        }
        await this.audit.record(tx, {
          action: replaced.length ? 'DOCUMENT_REPLACED' : 'DOCUMENT_UPLOADED',
          entityType: 'Document',
          entityId: created.id,
          before: replaced.length ? { replaced: replaced.map((d) => d.id) } : null,
          after: toDocumentView(created),
        });
        return toDocumentView(created);
      });
    } catch (error) {
      if (file) await this.storage.remove(file.stored.key).catch(() => undefined);
      throw error;
    }
  }

  async list(actor: Actor, institutionId: string, query: DocumentListQuery): Promise<DocumentView[]> {
    assertInstitutionAccess(actor, institutionId);
    await this.institutionStatus(undefined, institutionId);
    const rows = await this.documents.list(institutionId, query.history);
    return rows.map(toDocumentView);
  }

  /** The content, after writing the download to the audit log. */
  async download(actor: Actor, id: string): Promise<DocumentDownload> {
    const doc = await this.accessible(actor, id);
    await this.audit.recordAlone({
      action: 'DOCUMENT_DOWNLOADED',
      entityType: 'Document',
      entityId: doc.id,
      after: { institutionId: doc.institutionId, kind: doc.kind, fileName: doc.fileName, sha256: doc.sha256 },
    });
    return {
      stream: this.storage.open(doc.storageKey),
      contentType: doc.contentType,
      sizeBytes: doc.sizeBytes,
      disposition: contentDisposition(doc.fileName),
    };
  }

  /** Takes the document out of the current set; it stays in the history (never erased). */
  async remove(actor: Actor, id: string): Promise<void> {
    const doc = await this.accessible(actor, id);
    await this.transactions.run(async (tx) => {
      this.assertEditable(actor, await this.institutionStatus(tx, doc.institutionId, true));
      const now = this.clock.now();
      if (!(await this.documents.markRemoved(tx, id, now, actor.id)))
        throw new ConflictError('DOCUMENT_NOT_CURRENT', '该材料已被删除或替换，只保留在历史记录中');
      await this.audit.record(tx, {
        action: 'DOCUMENT_REMOVED',
        entityType: 'Document',
        entityId: id,
        before: toDocumentView(doc),
        after: { removedAt: now.toISOString() },
      });
    });
  }

  /** Current documents of institutions not closed whose expiry date is at most `withinDays` away (already expired included). */
  async expiring(query: ExpiringDocumentsQuery): Promise<Page<ExpiringDocumentView>> {
    const today = dateOnly(shanghaiToday(this.clock.now()));
    const until = new Date(today.getTime() + (query.withinDays ?? 30) * DAY_MS);
    const [rows, total] = await this.documents.expiring(until, skipTake(query));
    const items = rows.map((d) => ({
      ...toDocumentView(d),
      institutionName: d.institution.name,
      daysLeft: Math.round((d.expiresOn!.getTime() - today.getTime()) / DAY_MS),
    }));
    return toPage(items, total, query);
  }

  // ───── used by the filing workflow (src/registry/filing.service.ts), inside its transaction ─────

  /** 422 details for every required kind the institution has no current document of. */
  async missingForSubmission(tx: Tx, institution: { id: string; servesMeals: boolean }) {
    return missingKindProblems(institution, await this.documents.currentKinds(tx, institution.id));
  }

  /** Submitting again: the reasons of the last return were answered (they stay in the audit log). */
  async clearReturnReasons(tx: Tx, institutionId: string): Promise<void> {
    await this.documents.clearReturnReasons(tx, institutionId);
  }

  /** Records the reviewer's reason on each named current document; 422 naming every id that is not one. */
  async markReturned(tx: Tx, institutionId: string, reasons: { documentId: string; reason: string }[]): Promise<void> {
    const ids = reasons.map((r) => r.documentId);
    const found = await this.documents.currentIds(tx, institutionId, ids);
    const problems = reasons.flatMap((r, index) =>
      found.has(r.documentId)
        ? []
        : [{ index, field: 'documents.documentId', code: 'DOCUMENT_NOT_FOUND', message: `${r.documentId} 不是本机构当前的备案材料` }],
    );
    if (problems.length) throw new UnprocessableError('退回理由指向的材料不存在', problems);
    for (const r of reasons) await this.documents.setReturnReason(tx, r.documentId, r.reason.trim());
  }

  static kindLabel(kind: DocumentKind): string {
    return DOCUMENT_KIND_LABELS[kind];
  }

  private async accessible(actor: Actor, id: string): Promise<Document> {
    const doc = await this.documents.findById(id);
    if (!doc) throw new NotFoundError('Document');
    assertInstitutionAccess(actor, doc.institutionId, 'Document');
    return doc;
  }

  private async institutionStatus(tx: Tx | undefined, id: string, lock = false): Promise<InstitutionStatus> {
    const rows = await this.documents.institutionStatus(id, lock, tx);
    if (!rows.length) throw new NotFoundError('Institution');
    return rows[0].status;
  }

  /** Operators change materials only while the filing is DRAFT or RETURNED; the bureau (admin) at any time. */
  private assertEditable(actor: Actor, status: InstitutionStatus): void {
    if (isOperator(actor) && !DOCUMENTS_EDITABLE.includes(status)) {
      throw new ConflictError(
        'INSTITUTION_NOT_EDITABLE',
        `机构备案状态为 ${status}，只有草稿（DRAFT）或已退回（RETURNED）时才能增删备案材料`,
      );
    }
  }

  private parseFields(raw: Record<string, string>): UploadDocumentFields {
    const unknown = Object.keys(raw).filter((k) => k !== 'kind' && k !== 'expiresOn');
    if (unknown.length) {
      throw new BadRequestError(
        'UNKNOWN_FIELD',
        `不接受的字段：${unknown.join('、')}`,
        unknown.map((field) => ({ field, code: 'UNKNOWN_FIELD', message: `${field} 不是可接受的字段` })),
      );
    }
    const fields = plainToInstance(UploadDocumentFields, { ...raw, expiresOn: raw.expiresOn || undefined });
    const errors = validateSync(fields);
    if (errors.length) {
      throw new UnprocessableError(
        '上传字段无效',
        errors.map((e) => ({ field: e.property, code: 'INVALID', message: Object.values(e.constraints ?? {}).join('；') })),
      );
    }
    return fields;
  }
}

/** The file's own name without any path a browser or tool may have sent, at most 255 characters. */
function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop()?.trim() ?? '';
  return [...(base || 'document')].slice(0, 255).join('');
}
