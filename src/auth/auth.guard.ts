import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Role } from '../generated/prisma/enums';
import { ForbiddenError } from '../common/errors';
import type { Actor } from '../common/request-context';
import { Authenticated, Authenticator } from './authenticator';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

/** What the guard leaves on the request for handlers (CurrentActor, the sign-out route). */
export type AuthenticatedRequest = Request & { actor?: Actor; consoleSession?: Authenticated['session'] };

/**
 * The one gate of every route (registered as APP_GUARD): public routes pass; everything else needs a signed-in
 * user (Authenticator: bearer token or console session cookie with its CSRF token), and a role listed by @Roles.
 * A route without @Roles is refused: deny by default.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const { actor, session } = await this.authenticator.authenticate(req);
    req.actor = actor;
    req.consoleSession = session;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles?.includes(actor.role)) {
      // recorded in the audit log by the exception filter, like every refused attempt
      throw new ForbiddenError(roles ? `The ${actor.role} role may not do this` : 'This route is not open to any role').with({
        role: actor.role,
      });
    }
    return true;
  }
}
