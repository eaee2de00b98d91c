import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ReasonDto } from '../../common/dto/reason.dto';
import { MONTH_PATTERN } from '../../common/month';

const NOT_BLANK = /\S/;

export { ReasonDto };

export class CloseDto extends ReasonDto {
  /** What happens to the children enrolled (transferred to which institution, parents informed, …). */
  @IsString() @Matches(NOT_BLANK, { message: 'childrenArrangement must not be blank' }) @MaxLength(2000) childrenArrangement: string;
}

/** The reviewer's reason for one document that must be replaced. */
export class DocumentReturnReasonDto {
  @IsUUID() documentId: string;
  @IsString() @Matches(NOT_BLANK, { message: 'reason must not be blank' }) @MaxLength(2000) reason: string;
}

/** `{ reason }` of returning a filing, with the reason per document where a document needs replacing. */
export class ReturnFilingDto extends ReasonDto {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => DocumentReturnReasonDto)
  documents?: DocumentReturnReasonDto[];
}

export class ApproveDto {
  /** 核定托位数 set on approval; without it the institution's current approvedSlots must already be above 0. */
  @IsOptional() @IsInt() @Min(1) @Max(100000) approvedSlots?: number;
  /**
   * Historic filing date 'YYYY-MM-DD' (filed on paper before the system went live), not in the future; default:
   * now. The filing is dated 00:00 Asia/Shanghai of that day. 409 MONTH_LOCKED when it falls in or before a month
   * whose settlement is approved or paid.
   */
  @IsOptional() @IsString() @MaxLength(10) filedOn?: string;
}

/**
 * `{ guidancePriceFen, effectiveFrom }` designates the institution inclusive (普惠) at that monthly guidance price
 * from that month on; `{ inclusive: false, effectiveFrom }` ends the designation from that month on.
 * One designation per month: posting the same month again replaces it.
 */
export class InclusiveDto {
  @IsOptional() @IsBoolean() inclusive?: boolean;
  /** monthly guidance price (普惠指导价) in fen; required unless inclusive is false */
  @ValidateIf((o: InclusiveDto) => o.inclusive !== false || o.guidancePriceFen !== undefined)
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  guidancePriceFen?: number;
  @IsString() @Matches(MONTH_PATTERN, { message: 'effectiveFrom must be a month YYYY-MM' }) effectiveFrom: string;
}

export class MonthQuery {
  @IsString() @Matches(MONTH_PATTERN, { message: 'month must be YYYY-MM' }) month: string;
}
