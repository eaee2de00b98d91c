import type { User } from '../generated/prisma/client';

export interface UserView {
  id: string;
  username: string;
  role: User['role'];
  institutionId: string | null;
  active: boolean;
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
