import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { FundingSource, GrantKind, GrantStatus } from '../../generated/prisma/enums';
import { ApiEnum } from '../../infra/http/api-docs';

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
/** Component amounts are INTEGER columns. */
export const MAX_AMOUNT_FEN = 2_147_483_647;

export class CreateGrantDto {
  @IsUUID() institutionId: string;
  @ApiEnum(GrantKind, 'GrantKind') @IsIn(Object.values(GrantKind)) kind: GrantKind;
  /** The budget year the grant is charged to and whose grant policy sets construction amounts. */
  @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR) year: number;
  /** ADVANCED_AWARD only (required there): the DISTRICT award in fen. Must be absent for CONSTRUCTION. */
  @IsOptional() @IsInt() @Min(1) @Max(MAX_AMOUNT_FEN) amountFen?: number;
}

export class RejectGrantDto {
  @IsString() @IsNotEmpty() @MaxLength(1000) reason: string;
}

export class CreateDisbursementDto {
  @ApiEnum(FundingSource, 'FundingSource') @IsIn(Object.values(FundingSource)) source: FundingSource;
  @IsInt() @Min(1) @Max(MAX_AMOUNT_FEN) amountFen: number;
  /** The finance voucher number (凭证号); each voucher can be recorded once. */
  @IsString()
  @Matches(/^\S(.{0,62}\S)?$/, { message: 'voucherNo must be 1–64 characters without leading or trailing spaces' })
  voucherNo: string;
  /** 'YYYY-MM-DD', not in the future. */
  @IsString() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'paidOn must be a date YYYY-MM-DD' }) paidOn: string;
}

export class GrantQuery extends PageQuery {
  @IsOptional() @IsUUID() institutionId?: string;
  @ApiEnum(GrantKind, 'GrantKind') @IsOptional() @IsIn(Object.values(GrantKind)) kind?: GrantKind;
  @IsOptional() @Type(() => Number) @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR) year?: number;
  @ApiEnum(GrantStatus, 'GrantStatus') @IsOptional() @IsIn(Object.values(GrantStatus)) status?: GrantStatus;
}
