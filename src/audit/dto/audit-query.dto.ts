import { Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination';

export class AuditQuery extends PageQuery {
  @IsOptional() @IsString() @MaxLength(64) entityType?: string;
  @IsOptional() @IsString() @MaxLength(64) entityId?: string;
  @IsOptional() @IsUUID() actorId?: string;
  @IsOptional() @IsString() @MaxLength(64) action?: string;
  /** ISO 8601 timestamp, inclusive */
  @IsOptional() @Type(() => Date) @IsDate() from?: Date;
  /** ISO 8601 timestamp, exclusive */
  @IsOptional() @Type(() => Date) @IsDate() to?: Date;
}

export class AuditExportQuery {
  @IsOptional() @IsString() @MaxLength(64) entityType?: string;
  @IsOptional() @IsString() @MaxLength(64) entityId?: string;
  @IsOptional() @IsUUID() actorId?: string;
  @IsOptional() @IsString() @MaxLength(64) action?: string;
  /** ISO 8601 timestamp, inclusive */
  @IsOptional() @Type(() => Date) @IsDate() from?: Date;
  /** ISO 8601 timestamp, exclusive */
  @IsOptional() @Type(() => Date) @IsDate() to?: Date;
  /** `xlsx` (default) or `csv` (UTF-8 with BOM) */
  @IsOptional() @IsIn(['csv', 'xlsx']) format?: 'csv' | 'xlsx' = 'xlsx';
}
