import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Role } from '../generated/prisma/enums';

export const ROLES_KEY = 'roles';
export const PUBLIC_KEY = 'public';

/**
 * The roles allowed on a route. A route with neither @Roles nor @Public is refused (deny by default).
 * The OpenAPI document shows them as `x-roles` and in each operation's description (src/infra/http/openapi.ts).
 */
export const Roles = (...roles: Role[]) => applyDecorators(SetMetadata(ROLES_KEY, roles), ApiExtension('x-roles', roles));

/** No token needed (health, docs, login, /public/*). */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiExtension('x-public', true));

/** Every signed-in role. */
export const ANY_ROLE: Role[] = ['admin', 'operator', 'finance', 'auditor'];
