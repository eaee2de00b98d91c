import { FundingSource } from '../generated/prisma/enums';
import { ApiEnum, ApiFen, ApiInt } from '../infra/http/api-docs';

/** A year's budget of one funding source. */
export class BudgetView {
  @ApiInt({ example: 2026 })
  year: number;
  @ApiEnum(FundingSource, 'FundingSource')
  source: FundingSource;
  @ApiFen({ example: 50000000 })
  amountFen: number;
  /** sum of approved grant components charged to this budget */
  @ApiFen({ example: 25000000 })
  committedFen: number;
  @ApiFen({ example: 25000000 })
  remainingFen: number;
}
