import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { LineReason } from '../../generated/prisma/enums';
import { ApiEnum } from '../../infra/http/api-docs';
import { MAX_BANK_FILE_ROWS } from '../bank-file';
import type { ExportFormat } from '../export-layout';
import { MAX_PAYMENT_FEN } from '../money-text';

export class ExportQuery {
  /** `xlsx` (default) or `csv` (UTF-8 with BOM) */
  @IsOptional()
  @IsIn(['csv', 'xlsx'])
  format?: ExportFormat = 'xlsx';
}

export class LinesExportQuery extends ExportQuery {
  /** only this institution's lines (an operator: their own institution only) */
  @IsOptional() @IsUUID() institutionId?: string;
  @ApiEnum(LineReason, 'LineReason') @IsOptional() @IsIn(Object.values(LineReason)) reason?: LineReason;
}

export class PaymentItemDto {
  /** an institution that is part of the settlement */
  @IsUUID()
  institutionId: string;

  /** integer fen, more than zero */
  @IsInt()
  @Min(1)
  @Max(MAX_PAYMENT_FEN)
  amountFen: number;

  /** the bank voucher number; recorded once across all settlements */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 64)
  voucherNo: string;

  /** YYYY-MM-DD, not in the future */
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'paidOn must be a date YYYY-MM-DD' })
  paidOn: string;
}

export class RecordPaymentsDto {
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_BANK_FILE_ROWS)
  @ValidateNested({ each: true })
  @Type(() => PaymentItemDto)
  payments: PaymentItemDto[];
}

export class SummaryQuery {
  /** calendar year, e.g. 2026 */
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2999)
  year: number;
}
