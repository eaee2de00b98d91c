import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { FundingSource } from '../../generated/prisma/enums';
import { ApiEnum } from '../../infra/http/api-docs';
import { MAX_YEAR, MIN_YEAR } from './grant.dto';

export class BudgetParams {
  @Type(() => Number) @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR) year: number;
  @ApiEnum(FundingSource, 'FundingSource') @IsIn(Object.values(FundingSource)) source: FundingSource;
}

export class SetBudgetDto {
  /** The year's total for this source, in fen; cannot go below what approved grants already committed. */
  @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) amountFen: number;
}

export class BudgetQuery extends PageQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR) year?: number;
}
