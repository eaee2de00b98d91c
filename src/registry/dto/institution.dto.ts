import { ApiHideProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { InstitutionKind, InstitutionStatus } from '../../generated/prisma/enums';
import { ApiEnum } from '../../infra/http/api-docs';

const KINDS = Object.values(InstitutionKind);
const STATUSES = Object.values(InstitutionStatus);
/** Township codes: letters, digits, `_` and `-` (e.g. the 9-digit administrative code 371523001). */
export const TOWNSHIP_CODE = /^[A-Za-z0-9_-]{1,32}$/;
const NOT_BLANK = /\S/;

/** Present but null is an error (422) for fields that cannot be cleared; absent is fine. */
const Given = () => ValidateIf((_: unknown, value: unknown) => value !== undefined);

export class BankAccountDto {
  /** 开户银行 */
  @IsString() @Matches(NOT_BLANK, { message: 'bankName must not be blank' }) @MaxLength(200) bankName: string;
  /** 账户名称 */
  @IsString() @Matches(NOT_BLANK, { message: 'accountName must not be blank' }) @MaxLength(200) accountName: string;
  /** 银行账号: 6–32 digits */
  @IsString() @Matches(/^[0-9]{6,32}$/, { message: 'accountNumber must be 6–32 digits' }) accountNumber: string;
}

export class CreateInstitutionDto {
  @IsString() @Matches(NOT_BLANK, { message: 'name must not be blank' }) @MaxLength(200) name: string;
  /** Unified social credit code (统一社会信用代码), 18 characters; checked against GB 32100-2015 (422 CREDIT_CODE_INVALID). */
  @IsString() @MaxLength(32) creditCode: string;
  @ApiEnum(InstitutionKind, 'InstitutionKind') @IsIn(KINDS) kind: InstitutionKind;
  /** 独立设置 */
  @IsOptional() @IsBoolean() independent?: boolean;
  /** 区级 */
  @IsOptional() @IsBoolean() districtLevel?: boolean;
  /** 提供膳食: a food business licence (FOOD_LICENSE) is then a required filing document */
  @IsOptional() @IsBoolean() servesMeals?: boolean;
  /** Township code (see /townships) */
  @IsOptional() @Matches(TOWNSHIP_CODE, { message: 'township must be a code of letters, digits, _ or -' }) township?: string;
  @IsOptional() @IsString() @MaxLength(300) address?: string;
  /** 核定托位数 */
  @IsOptional() @IsInt() @Min(0) @Max(100000) approvedSlots?: number;
  @IsOptional() @ValidateNested() @Type(() => BankAccountDto) bankAccount?: BankAccountDto;
}

/**
 * Operators (own institution, while DRAFT or RETURNED): name, kind, independent, township, address, bankAccount.
 * Admins additionally: creditCode, districtLevel, approvedSlots. Workflow fields (status, filingNumber, inclusive,
 * guidancePriceFen, inclusiveFrom) are accepted here only to be refused with 400 FIELD_NOT_ALLOWED naming them,
 * so the OpenAPI document does not offer them.
 */
export class UpdateInstitutionDto {
  @Given() @IsString() @Matches(NOT_BLANK, { message: 'name must not be blank' }) @MaxLength(200) name?: string;
  /** admin only */
  @Given() @IsString() @MaxLength(32) creditCode?: string;
  @ApiEnum(InstitutionKind, 'InstitutionKind') @Given() @IsIn(KINDS) kind?: InstitutionKind;
  @Given() @IsBoolean() independent?: boolean;
  /** admin only */
  @Given() @IsBoolean() districtLevel?: boolean;
  /** 提供膳食 (FOOD_LICENSE then required) */
  @Given() @IsBoolean() servesMeals?: boolean;
  /** null clears it */
  @IsOptional() @Matches(TOWNSHIP_CODE, { message: 'township must be a code of letters, digits, _ or -' }) township?: string | null;
  /** null clears it */
  @IsOptional() @IsString() @MaxLength(300) address?: string | null;
  /** admin only */
  @Given() @IsInt() @Min(0) @Max(100000) approvedSlots?: number;
  /** null clears it */
  @IsOptional() @ValidateNested() @Type(() => BankAccountDto) bankAccount?: BankAccountDto | null;

  @ApiHideProperty() @Allow() status?: unknown;
  @ApiHideProperty() @Allow() filingNumber?: unknown;
  @ApiHideProperty() @Allow() inclusive?: unknown;
  @ApiHideProperty() @Allow() guidancePriceFen?: unknown;
  @ApiHideProperty() @Allow() inclusiveFrom?: unknown;
}

export class InstitutionQuery extends PageQuery {
  @ApiEnum(InstitutionStatus, 'InstitutionStatus') @IsOptional() @IsIn(STATUSES) status?: InstitutionStatus;
  @ApiEnum(InstitutionKind, 'InstitutionKind') @IsOptional() @IsIn(KINDS) kind?: InstitutionKind;
  @IsOptional() @Matches(TOWNSHIP_CODE) township?: string;
  /** part of the name */
  @IsOptional() @IsString() @MaxLength(100) q?: string;
}

export class PublicInstitutionQuery extends PageQuery {
  @IsOptional() @Matches(TOWNSHIP_CODE) township?: string;
  @ApiEnum(InstitutionKind, 'InstitutionKind') @IsOptional() @IsIn(KINDS) kind?: InstitutionKind;
  /** `true`: only institutions inclusive (普惠) this month; `false`: only those that are not */
  @IsOptional() @IsIn(['true', 'false']) inclusive?: 'true' | 'false';
}
