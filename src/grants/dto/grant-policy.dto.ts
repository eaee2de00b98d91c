import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { FundingSource, GrantKind } from '../../generated/prisma/enums';
import { ApiEnum } from '../../infra/http/api-docs';
import { MAX_AMOUNT_FEN, MAX_YEAR, MIN_YEAR } from './grant.dto';

export class CreateGrantPolicyDto {
  /** Only CONSTRUCTION amounts are policy; award amounts are set per grant by the admin. */
  @ApiEnum(GrantKind, 'GrantKind') @IsIn(Object.values(GrantKind)) kind: GrantKind;
  @ApiEnum(FundingSource, 'FundingSource') @IsIn(Object.values(FundingSource)) source: FundingSource;
  /** Applies to grants of this year and later, until a newer version for the same kind and source. */
  @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR) effectiveFromYear: number;
  @IsInt() @Min(1) @Max(MAX_AMOUNT_FEN) amountFen: number;
}

export class GrantPolicyQuery extends PageQuery {
  @ApiEnum(GrantKind, 'GrantKind') @IsOptional() @IsIn(Object.values(GrantKind)) kind?: GrantKind;
}
