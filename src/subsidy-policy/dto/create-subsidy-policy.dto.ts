import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { MONTH_PATTERN } from '../../common/month';

export class CreateSubsidyPolicyDto {
  /** First month (YYYY-MM) the version is in force. */
  @IsString() @Matches(MONTH_PATTERN, { message: 'effectiveFrom must be a month YYYY-MM' }) effectiveFrom: string;
  /** Per second child per month, fen (30000 = 300 yuan). */
  @IsInt() @Min(0) @Max(10_000_000) secondChildFen: number;
  /** Per third or later child per month, fen. */
  @IsInt() @Min(0) @Max(10_000_000) thirdChildFen: number;
  /** Attendance days a child needs in the month to count as actually enrolled. */
  @IsInt() @Min(0) @Max(31) minAttendanceDays: number;
  /** A child with this many full months of age on the first day of the month or more is over age. */
  @IsInt() @Min(1) @Max(120) maxAgeMonths: number;
}
