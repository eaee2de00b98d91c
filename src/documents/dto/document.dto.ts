import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { DocumentKind } from '../../generated/prisma/enums';
import { ApiEnum } from '../../infra/http/api-docs';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** The text fields of the multipart upload (besides `file`). */
export class UploadDocumentFields {
  @ApiEnum(DocumentKind, 'DocumentKind') @IsIn(Object.values(DocumentKind), { message: 'kind 不是有效的材料类型' }) kind: DocumentKind;
  /** 有效期至 (YYYY-MM-DD), for documents that expire (e.g. the fire-safety inspection) */
  @IsOptional()
  @Matches(DATE_ONLY, { message: 'expiresOn 须为 YYYY-MM-DD 格式的日期' })
  @IsISO8601({ strict: true }, { message: 'expiresOn 不是有效日期' })
  expiresOn?: string;
}

export class DocumentListQuery {
  /** true: also the removed and replaced documents (the history), newest first */
  @IsOptional() @Transform(toBoolean) @IsBoolean() history?: boolean;
}

export class ExpiringDocumentsQuery extends PageQuery {
  /** window in days from today (Asia/Shanghai); default 30 */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(366) withinDays?: number;
}
