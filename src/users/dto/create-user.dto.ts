import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { Role } from '../../generated/prisma/enums';
import { ApiEnum } from '../../infra/http/api-docs';

const ROLES = Object.values(Role);

export class CreateUserDto {
  @IsString() @Matches(/^[A-Za-z0-9._@-]{3,64}$/, { message: 'username must be 3–64 letters, digits or . _ @ -' }) username: string;
  @IsString() @MinLength(10) @MaxLength(256) password: string;
  @ApiEnum(Role, 'Role') @IsIn(ROLES) role: Role;
  /** Required for operators, refused for other roles. */
  @IsOptional() @IsUUID() institutionId?: string;
}

export class UpdateUserDto {
  @IsOptional() @IsBoolean() active?: boolean;
  @IsOptional() @IsString() @MinLength(10) @MaxLength(256) password?: string;
}

export class UserQuery extends PageQuery {
  @ApiEnum(Role, 'Role') @IsOptional() @IsIn(ROLES) role?: Role;
  @IsOptional() @IsUUID() institutionId?: string;
}
