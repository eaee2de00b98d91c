import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { InspectionKind, InspectionResult } from '../../generated/prisma/enums';
import { ApiEnum } from '../../infra/http/api-docs';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Credit rating grades (信用等级), best first. */
export const CREDIT_RATINGS = ['A', 'B', 'C', 'D'] as const;
export type CreditRatingGrade = (typeof CREDIT_RATINGS)[number];

export class CreateInspectionDto {
  @ApiEnum(InspectionKind, 'InspectionKind') @IsIn(Object.values(InspectionKind)) kind: InspectionKind;
  /** YYYY-MM-DD, not in the future */
  @Matches(DATE_ONLY, { message: 'inspectedOn must be YYYY-MM-DD' }) @IsISO8601({ strict: true }) inspectedOn: string;
  @ApiEnum(InspectionResult, 'InspectionResult') @IsIn(Object.values(InspectionResult)) result: InspectionResult;
  @IsOptional() @IsString() @MaxLength(5000) findings?: string;
}

export class CreateCreditRatingDto {
  @IsIn(CREDIT_RATINGS) rating: CreditRatingGrade;
  /** YYYY-MM-DD, not in the future */
  @Matches(DATE_ONLY, { message: 'ratedOn must be YYYY-MM-DD' }) @IsISO8601({ strict: true }) ratedOn: string;
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class SupervisionQuery extends PageQuery {}
