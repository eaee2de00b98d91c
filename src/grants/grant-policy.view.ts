import { FundingSource, GrantKind } from '../generated/prisma/enums';
import { ApiEnum, ApiFen, ApiInt, ApiTimestamp, ApiUuid } from '../infra/http/api-docs';

/** A version of a grant amount: applies to grants of effectiveFromYear and later. */
export class GrantPolicyView {
  @ApiUuid()
  id: string;
  @ApiEnum(GrantKind, 'GrantKind')
  kind: GrantKind;
  @ApiEnum(FundingSource, 'FundingSource')
  source: FundingSource;
  @ApiInt({ example: 2026 })
  effectiveFromYear: number;
  @ApiFen({ example: 15000000 })
  amountFen: number;
  /** null for the versions the migrations installed */
  @ApiUuid()
  createdById: string | null;
  @ApiTimestamp()
  createdAt: string;
}
