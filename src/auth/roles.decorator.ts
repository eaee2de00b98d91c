import { SetMetadata } from '@nestjs/common';
import type { Role } from '../generated/prisma/enums';

export const ROLES_KEY = 'roles';
export const PUBLIC_KEY = 'public';

/** The roles allowed on a route. A route with neither @Roles nor @Public is refused (deny by default). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** No token needed (health, docs, login, /public/*). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Every signed-in role. */
export const ANY_ROLE: Role[] = ['admin', 'operator', 'finance', 'auditor'];
