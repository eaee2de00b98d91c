import { Transform, Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ApiExample } from '../../infra/http/api-docs';

export class CorrectBirthOrderDto {
  /** The child's birth order (孩次), 1..9. */
  @Type(() => Number) @IsInt() @Min(1) @Max(9) birthOrder: number;
  /** Why the confirmed birth order is being corrected (kept in the audit log). */
  @IsString() @MinLength(2) @MaxLength(500) reason: string;
}

export class CorrectNameDto {
  /** The child's correct name (姓名), as on the household register; up to 50 characters. */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  name: string;
  /** Why the registered name is being corrected (kept in the audit log). Free text; never an ID number or name. */
  @IsString() @MinLength(2) @MaxLength(500) reason: string;
}

export class RevealIdNumberQuery {
  /** Why the full ID number is needed (kept in the audit log). Free text; never an ID number or name. */
  @IsString() @MinLength(2) @MaxLength(500) reason: string;
}

export class ChildLookupDto {
  /** The resident ID number (身份证号) as a parent reads it out; in the body, never in a URL. Not stored, logged or audited. */
  @ApiExample('371523202401011234')
  @IsString()
  @MaxLength(32)
  idNumber: string;
}
