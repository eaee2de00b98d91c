import { Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { ForbiddenError } from '../common/errors';
import { Actor, currentContext } from '../common/request-context';
import { CSRF_HEADER, readCookie, SESSION_COOKIE } from './session-cookies';
import { SessionService } from './session.service';
import { UsersService } from '../users/users.service';
import { TokenService } from './token.service';

export interface Authenticated {
  actor: Actor;
  /** the console session, when signed in with the session cookie; null for a bearer token */
  session: { id: string; expiresAt: Date } | null;
}

/** Methods that change nothing: no CSRF token needed. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Who is making this request: the one answer used by the HTTP guard (AuthGuard) and by the queue dashboard.
 * - `Authorization: Bearer <token>` (API clients): a valid token of an active user whose tokenVersion still
 *   matches. A request with an Authorization header is judged by it alone.
 * - Otherwise the console's session cookie: a live session (see SessionService.resolve); an unsafe method
 *   (POST, PUT, PATCH, DELETE) must also carry the session's CSRF token in `X-XSRF-TOKEN` (403 CSRF_TOKEN_INVALID).
 * 401 when neither identifies an active user. The user found becomes the request context's actor (audit entries,
 * including that of a CSRF refusal, name them).
 */
@Injectable()
export class Authenticator {
  constructor(
    private readonly tokens: TokenService,
    private readonly sessions: SessionService,
    private readonly users: UsersService,
  ) {}

  async authenticate(req: Request): Promise<Authenticated> {
    const header = req.header('authorization');
    if (header !== undefined) return { actor: identified(await this.fromBearer(header)), session: null };

    const token = readCookie(req, SESSION_COOKIE);
    if (!token) {
      throw new UnauthorizedException({ code: 'TOKEN_MISSING', message: 'Sign in: an Authorization: Bearer token is required' });
    }
    const session = await this.sessions.resolve(token);
    if (!session) throw new UnauthorizedException({ code: 'SESSION_EXPIRED', message: 'The session has ended; sign in again' });
    const actor = identified(toActor(session.user));
    if (!SAFE_METHODS.has(req.method) && !this.sessions.csrfMatches(token, req.header(CSRF_HEADER))) {
      throw new ForbiddenError('The request lacks the CSRF token of the session (X-XSRF-TOKEN header)', 'CSRF_TOKEN_INVALID');
    }
    return { actor, session: { id: session.id, expiresAt: session.expiresAt } };
  }

  private async fromBearer(header: string): Promise<Actor> {
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
    if (!match) throw new UnauthorizedException({ code: 'TOKEN_MISSING', message: 'Sign in: an Authorization: Bearer token is required' });
    const claims = this.tokens.verify(match[1]);
    if (!claims) throw new UnauthorizedException({ code: 'TOKEN_INVALID', message: 'The token is invalid or has expired; sign in again' });
    const user = await this.users.signedIn(claims.sub);
    if (!user || !user.active || user.tokenVersion !== claims.ver) {
      throw new UnauthorizedException({ code: 'TOKEN_REVOKED', message: 'The token is no longer valid; sign in again' });
    }
    return toActor(user);
  }
}

function identified(actor: Actor): Actor {
  const ctx = currentContext();
  if (ctx) ctx.actor = actor;
  return actor;
}

function toActor(user: Pick<Actor, 'id' | 'username' | 'role' | 'institutionId'>): Actor {
  return { id: user.id, username: user.username, role: user.role, institutionId: user.institutionId };
}
