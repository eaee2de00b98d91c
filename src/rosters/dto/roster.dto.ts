import { Type } from 'class-transformer';
import { Allow, IsArray, IsIn, IsOptional, IsUUID, Matches, ValidateNested } from 'class-validator';
import { MONTH_PATTERN } from '../../common/month';
import { PageQuery } from '../../common/pagination';
import { RosterStatus } from '../../generated/prisma/enums';
import { ApiEnum } from '../../infra/http/api-docs';
import { REPORTING_STATUSES, ReportingStatus } from '../reporting-status.view';

/**
 * One child's line in a monthly roster. Values are checked by the roster rules (roster-validation.ts)
 * rather than here, so every problem comes back at once with its row, the same way as for an uploaded file.
 */
export class RosterEntryDto {
  /** Resident ID number (身份证号), 18 characters. */
  @Allow() idNumber: string;
  /** The child's name (姓名). */
  @Allow() name: string;
  /** Birth order (孩次), 1..9. */
  @Allow() birthOrder: number;
  /** Guardian's name (监护人). */
  @Allow() guardianName: string;
  /** Guardian's phone (联系电话), optional. */
  @Allow() guardianPhone?: string | null;
  /** Enrolment date (入托日期), YYYY-MM-DD. */
  @Allow() enrolledOn: string;
  /** Withdrawal date (离托日期), YYYY-MM-DD, optional. */
  @Allow() withdrawnOn?: string | null;
  /** Days attended this month (出勤天数), 0..days in the month. */
  @Allow() attendanceDays: number;
}

export class ReplaceEntriesDto {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RosterEntryDto)
  entries: RosterEntryDto[];
}

export class CreateRosterDto extends ReplaceEntriesDto {
  /** The month reported, YYYY-MM. */
  @Matches(MONTH_PATTERN, { message: 'month must be YYYY-MM' }) month: string;
}

export class ImportRosterQuery {
  /** The month reported, YYYY-MM. */
  @Matches(MONTH_PATTERN, { message: 'month must be YYYY-MM' }) month: string;
}

export class RosterListQuery extends PageQuery {
  @IsOptional() @Matches(MONTH_PATTERN, { message: 'month must be YYYY-MM' }) month?: string;
}

/** The district-wide worklist: every institution's rosters (an operator's own institution only). */
export class RosterWorklistQuery extends RosterListQuery {
  @ApiEnum(RosterStatus, 'RosterStatus') @IsOptional() @IsIn(Object.values(RosterStatus)) status?: RosterStatus;
  @IsOptional() @IsUUID() institutionId?: string;
}

export class ReportingStatusQuery extends PageQuery {
  /** The month reported, YYYY-MM. */
  @Matches(MONTH_PATTERN, { message: 'month must be YYYY-MM' }) month: string;
  /** only institutions in this state (e.g. MISSING: not reported yet) */
  @ApiEnum(REPORTING_STATUSES, 'ReportingStatus') @IsOptional() @IsIn(REPORTING_STATUSES) rosterStatus?: ReportingStatus;
}

export { ReasonDto } from '../../common/dto/reason.dto';
