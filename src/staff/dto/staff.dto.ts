import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { MONTH_PATTERN } from '../../common/month';
import { StaffRole } from '../../generated/prisma/enums';
import { ApiEnum } from '../../infra/http/api-docs';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const NOT_BLANK = /\S/;
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const IsDay = (field: string) => (target: object, key: string) => {
  Matches(DATE_ONLY, { message: `${field} 须为 YYYY-MM-DD 格式的日期` })(target, key);
  IsISO8601({ strict: true }, { message: `${field} 不是有效日期` })(target, key);
};

export class CreateStaffDto {
  /** 居民身份证号 (18 characters, checked); stored encrypted, answered masked */
  @IsString() @MaxLength(32) idNumber: string;
  /** 姓名; stored encrypted, answered masked */
  @IsString() @Matches(NOT_BLANK, { message: 'name 不能为空' }) @MaxLength(50) name: string;
  @ApiEnum(StaffRole, 'StaffRole') @IsIn(Object.values(StaffRole), { message: 'role 不是有效的岗位' }) role: StaffRole;
  /** 保育人员资格证书编号; required for CAREGIVER */
  @IsOptional() @IsString() @Matches(NOT_BLANK, { message: 'qualificationNo 不能为空' }) @MaxLength(64) qualificationNo?: string;
  /** 健康证有效期至 */
  @IsDay('healthCertificateExpiresOn') healthCertificateExpiresOn: string;
  /** 无犯罪记录查询日期; without it the person is on the health bureau's attention list */
  @IsOptional() @IsDay('backgroundCheckedOn') backgroundCheckedOn?: string;
  /** 入职日期 */
  @IsDay('startedOn') startedOn: string;
  /** 离职日期 (a past employment being recorded) */
  @IsOptional() @IsDay('endedOn') endedOn?: string;
}

export class EndStaffDto {
  /** 离职日期, not before the start date */
  @IsDay('endedOn') endedOn: string;
}

export class StaffListQuery extends PageQuery {
  /** true: only those working today (started, not ended); false: only those who left */
  @IsOptional() @Transform(toBoolean) @IsBoolean() active?: boolean;
}

export class StaffAttentionQuery extends PageQuery {
  /** health certificates expiring within this many days from today count (default 30) */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(366) withinDays?: number;
}

export class CreateCaregiverRatioPolicyDto {
  /** First month (YYYY-MM) the version is in force. */
  @IsString() @Matches(MONTH_PATTERN, { message: 'effectiveFrom must be a month YYYY-MM' }) effectiveFrom: string;
  /** children per caregiver under 12 months (national standard: 3) */
  @IsInt() @Min(1) @Max(50) under12: number;
  /** children per caregiver from 12 to 24 months (5) */
  @IsInt() @Min(1) @Max(50) from12To24: number;
  /** children per caregiver from 24 to 36 months (7) */
  @IsInt() @Min(1) @Max(50) from24To36: number;
}
