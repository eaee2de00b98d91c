import type { User } from './users.repository';
import { Role } from '../generated/prisma/enums';
import { ApiEnum, ApiTimestamp, ApiUuid } from '../infra/http/api-docs';

export class UserView {
  @ApiUuid()
  id: string;
  username: string;
  @ApiEnum(Role, 'Role', { example: 'operator' })
  role: Role;
  /** the operator's institution; null for other roles */
  @ApiUuid()
  institutionId: string | null;
  /** false once deactivated: the user's tokens no longer work */
  active: boolean;
  @ApiTimestamp()
  createdAt: string;
}

export function toUserView(user: User): UserView {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    institutionId: user.institutionId,
    active: user.active,
    createdAt: user.createdAt.toISOString(),
  };
}
