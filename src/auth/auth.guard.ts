import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Role } from '../generated/prisma/enums';
import { ForbiddenError } from '../common/errors';
import { Actor, currentContext } from '../common/request-context';
import { PrismaService } from '../infra/database/prisma.service';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';
import { TokenService } from './token.service';

/**
 * The one gate of every route (registered as APP_GUARD):
 * public routes pass; everything else needs a valid token of an active user whose token version
 * still matches (so deactivation and password changes take effect on the next request), and a role
 * listed by @Roles. A route without @Roles is refused: deny by default.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly prisma: PrismaService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const req = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const header = req.header('authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
    if (!match) throw new UnauthorizedException({ code: 'TOKEN_MISSING', message: 'Sign in: an Authorization: Bearer token is required' });
    const claims = this.tokens.verify(match[1]);
    if (!claims) throw new UnauthorizedException({ code: 'TOKEN_INVALID', message: 'The token is invalid or has expired; sign in again' });

    const user = await this.prisma.user.findUnique({
      where: { id: claims.sub },
      select: { id: true, username: true, role: true, institutionId: true, active: true, tokenVersion: true },
    });
    if (!user || !user.active || user.tokenVersion !== claims.ver) {
      throw new UnauthorizedException({ code: 'TOKEN_REVOKED', message: 'The token is no longer valid; sign in again' });
    }
    const actor: Actor = { id: user.id, username: user.username, role: user.role, institutionId: user.institutionId };
    req.actor = actor;
    const ctx = currentContext();
    if (ctx) ctx.actor = actor;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles?.includes(actor.role)) {
      // recorded in the audit log by the exception filter, like every refused attempt
      throw new ForbiddenError(roles ? `The ${actor.role} role may not do this` : 'This route is not open to any role');
    }
    return true;
  }
}
