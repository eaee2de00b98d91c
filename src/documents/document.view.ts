import { toDateString } from '../common/month';
import type { Document } from './documents.repository';
import { DocumentKind } from '../generated/prisma/enums';
import { ApiDate, ApiEnum, ApiExample, ApiInt, ApiTimestamp, ApiUuid } from '../infra/http/api-docs';

/** A filing document (备案材料): what it is, who uploaded it when, and its place in the history. */
export class DocumentView {
  @ApiUuid()
  id: string;
  @ApiUuid()
  institutionId: string;
  @ApiEnum(DocumentKind, 'DocumentKind')
  kind: DocumentKind;
  /** the original file name */
  @ApiExample('消防安全检查合格证.pdf')
  fileName: string;
  /** recognised from the file's bytes */
  @ApiExample('application/pdf')
  contentType: string;
  @ApiInt({ minimum: 0 })
  sizeBytes: number;
  /** SHA-256 of the content, hex */
  @ApiExample('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')
  sha256: string;
  @ApiDate()
  expiresOn: string | null;
  /** id of the user who uploaded it */
  @ApiUuid()
  uploadedBy: string;
  @ApiTimestamp()
  uploadedAt: string;
  /** false once removed or replaced by a later upload of the same kind (then only in `?history=true`) */
  current: boolean;
  @ApiUuid()
  replacedById: string | null;
  @ApiTimestamp()
  replacedAt: string | null;
  @ApiTimestamp()
  removedAt: string | null;
  /** the reviewer's reason when the filing was returned because of this document */
  returnReason: string | null;
}

/** A document of the health bureau's expiry worklist. */
export class ExpiringDocumentView extends DocumentView {
  @ApiExample('茌平区阳光托育中心')
  institutionName: string;
  /** days from today until expiresOn; negative when already expired */
  @ApiInt()
  daysLeft: number;
}

export function toDocumentView(d: Document): DocumentView {
  return {
    id: d.id,
    institutionId: d.institutionId,
    kind: d.kind,
    fileName: d.fileName,
    contentType: d.contentType,
    sizeBytes: d.sizeBytes,
    sha256: d.sha256,
    expiresOn: d.expiresOn ? toDateString(d.expiresOn) : null,
    uploadedBy: d.uploadedById,
    uploadedAt: d.uploadedAt.toISOString(),
    current: !d.replacedAt && !d.removedAt,
    replacedById: d.replacedById,
    replacedAt: d.replacedAt?.toISOString() ?? null,
    removedAt: d.removedAt?.toISOString() ?? null,
    returnReason: d.returnReason,
  };
}
