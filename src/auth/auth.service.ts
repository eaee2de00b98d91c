import { Injectable, UnauthorizedException } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { UserView, toUserView } from '../users/user.view';
import type { User } from '../users/users.repository';
import { UsersService } from '../users/users.service';
import { LoginThrottle } from './login-throttle';
import type { LoginView } from './login.view';
import { SessionService } from './session.service';
import { TokenService } from './token.service';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    private readonly throttle: LoginThrottle,
  ) {}

  /** API clients: a bearer token. `address`: the client's address, for the failed-sign-in limit (429 once used up). */
  async login(username: string, password: string, address: string): Promise<LoginView> {
    const user = await this.verifyCredentials(username, password, address);
    return { accessToken: this.tokens.sign({ sub: user.id, ver: user.tokenVersion }), user: toUserView(user) };
  }

  /** The web console: a server-side session whose token and CSRF token the controller puts into cookies. */
  async startSession(username: string, password: string, address: string) {
    const user = await this.verifyCredentials(username, password, address);
    const session = await this.sessions.start(user, address || null);
    return { session, user: toUserView(user) };
  }

  async me(userId: string): Promise<UserView> {
    return this.users.me(userId);
  }

  private async verifyCredentials(username: string, password: string, address: string): Promise<User> {
    await this.throttle.begin(username, address);
    const { user, ok } = await this.users.checkPassword(username, password).catch(async (error: unknown) => {
      await this.throttle.abandoned(username);
      throw error;
    });
    if (!user || !ok || !user.active) {
      await this.throttle.failed(address);
      // a refused sign-in is a refused access attempt: recorded (never the password)
      await this.audit.recordRefusal({
        action: 'LOGIN_FAILED',
        entityType: 'User',
        entityId: user?.id ?? null,
        after: { username, reason: !user ? 'UNKNOWN_USER' : !ok ? 'WRONG_PASSWORD' : 'DEACTIVATED' },
      });
      throw new UnauthorizedException({ code: 'INVALID_CREDENTIALS', message: 'Wrong username or password' });
    }
    await this.throttle.succeeded(username);
    return user;
  }
}
