import { IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { MONTH_PATTERN } from '../../common/month';
import { PageQuery } from '../../common/pagination';
import { LineReason, SettlementStatus } from '../../generated/prisma/enums';
import { ApiEnum } from '../../infra/http/api-docs';

export class RunSettlementDto {
  /** The month to settle (YYYY-MM, Asia/Shanghai); it must be over. */
  @IsString() @Matches(MONTH_PATTERN, { message: 'month must be a month YYYY-MM' }) month: string;
}

export class SettlementQuery extends PageQuery {
  @IsOptional() @IsString() @Matches(MONTH_PATTERN, { message: 'month must be a month YYYY-MM' }) month?: string;
  @ApiEnum(SettlementStatus, 'SettlementStatus') @IsOptional() @IsIn(Object.values(SettlementStatus)) status?: SettlementStatus;
}

export class LineQuery extends PageQuery {
  @IsOptional() @IsUUID() institutionId?: string;
  @ApiEnum(LineReason, 'LineReason') @IsOptional() @IsIn(Object.values(LineReason)) reason?: LineReason;
  /** The month a line pays for: the settlement's month, or an earlier one for ADJUSTMENT lines. */
  @IsOptional() @IsString() @Matches(MONTH_PATTERN, { message: 'forMonth must be a month YYYY-MM' }) forMonth?: string;
  @IsOptional() @IsUUID() childId?: string;
}
