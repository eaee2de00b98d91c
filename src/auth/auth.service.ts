import { Injectable, UnauthorizedException } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { User } from '../generated/prisma/client';
import { PrismaService } from '../infra/database/prisma.service';
import { UserView, toUserView } from '../users/user.view';
import { dummyPasswordHash, verifyPassword } from './password';
import { SessionService } from './session.service';
import { TokenService } from './token.service';

@Injectable()
export class AuthService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly tokens: TokenService,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
  ) {}

  /** API clients: a bearer token. */
  async login(username: string, password: string): Promise<{ accessToken: string; user: UserView }> {
    const user = await this.verifyCredentials(username, password);
    return { accessToken: this.tokens.sign({ sub: user.id, ver: user.tokenVersion }), user: toUserView(user) };
  }

  /** The web console: a server-side session whose token and CSRF token the controller puts into cookies. */
  async startSession(username: string, password: string, ip: string | null) {
    const user = await this.verifyCredentials(username, password);
    const session = await this.sessions.start(user, ip);
    return { session, user: toUserView(user) };
  }

  async me(userId: string): Promise<UserView> {
    return toUserView(await this.prisma.user.findUniqueOrThrow({ where: { id: userId } }));
  }

  private async verifyCredentials(username: string, password: string): Promise<User> {
    const user = await this.prisma.user.findUnique({ where: { username } });
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!user || !ok || !user.active) {
      // a refused sign-in is a refused access attempt: recorded (never the password)
      await this.audit.recordAlone({
        action: 'LOGIN_FAILED',
        entityType: 'User',
        entityId: user?.id ?? null,
        after: { username, reason: !user ? 'UNKNOWN_USER' : !ok ? 'WRONG_PASSWORD' : 'DEACTIVATED' },
      });
      throw new UnauthorizedException({ code: 'INVALID_CREDENTIALS', message: 'Wrong username or password' });
    }
    return user;
  }
}
