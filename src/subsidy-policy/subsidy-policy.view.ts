import { ApiFen, ApiInt, ApiMonth, ApiTimestamp, ApiUuid } from '../infra/http/api-docs';

/** A version of the subsidy rules, in force from effectiveFrom until a later version. */
export class SubsidyPolicyView {
  @ApiUuid()
  id: string;
  @ApiMonth({ example: '2024-01' })
  effectiveFrom: string;
  /** per second child per month */
  @ApiFen({ example: 30000 })
  secondChildFen: number;
  /** per third or later child per month */
  @ApiFen({ example: 40000 })
  thirdChildFen: number;
  /** attendance days a child needs in the month */
  @ApiInt({ minimum: 0, maximum: 31, example: 1 })
  minAttendanceDays: number;
  /** a child this many full months old on the first day of the month, or older, is over age */
  @ApiInt({ minimum: 1, example: 36 })
  maxAgeMonths: number;
  @ApiTimestamp()
  createdAt: string;
}
